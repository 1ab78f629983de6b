import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';

/** The next conversation number of the workspace (#1, #2 …), in the caller's transaction. */
export async function nextNumber(trx: DbOrTx, ws: string): Promise<number> {
  const r = await sql<{ value: string }>`
    INSERT INTO service_counters (workspace_id, name, value) VALUES (${ws}, 'conversation', 1)
    ON CONFLICT (workspace_id, name) DO UPDATE SET value = service_counters.value + 1
    RETURNING value
  `.execute(trx);
  return Number(r.rows[0].value);
}

/** A conversation's subject: the one given, else the first line of the text (at most 120 characters). */
export function subjectOf(subject: string | undefined | null, text: string): string {
  const s = (subject ?? '').replace(/\s+/g, ' ').trim();
  if (s) return s.slice(0, 300);
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  const t = line.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}
