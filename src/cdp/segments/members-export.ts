import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { csvLines, csvRow } from '../../core/csv-safe.ts';
import { yieldToEventLoop } from '../../core/db/database.ts';
import type { Db } from '../../core/db/schema.ts';

/** The columns of a members export. */
export const EXPORT_COLUMNS = ['personId', 'enteredAt', 'email', 'phone', 'userId', 'firstName', 'lastName'] as const;
/** Members per query. */
const PAGE = 1000;

interface ExportRow {
  person_id: string;
  entered_at: Date;
  k: string;
  email: string | null;
  phone: string | null;
  user_id: string | null;
  first_name: string | null;
  last_name: string | null;
}

/**
 * The current members of a segment (rule or list) as CSV, oldest member first, streamed: keyset
 * pages of `PAGE` members over the current-members index, each fetched when the client has read
 * the previous one (a slow download holds no rows and no transaction; members who enter or exit
 * while it runs may or may not be in it), the event loop let run between pages. Identifiers come
 * from the identity graph (the smallest of each kind); names from the profile's traits
 * (`firstName`/`first_name`, `lastName`/`last_name`). Every cell goes through csv-safe.ts.
 */
export function exportMembers(db: Db, ws: string, segmentId: string): Readable {
  const page = (after: { e: string; p: string } | null) =>
    sql<ExportRow>`
      SELECT m.person_id, m.entered_at, m.entered_at::text AS k, ids.email, ids.phone, ids.user_id,
             coalesce(p.traits->>'firstName', p.traits->>'first_name') AS first_name,
             coalesce(p.traits->>'lastName', p.traits->>'last_name') AS last_name
      FROM (
        SELECT person_id, entered_at FROM segment_members
        WHERE workspace_id = ${ws} AND segment_id = ${segmentId} AND exited_at IS NULL
          ${after ? sql`AND (entered_at, person_id) > (${after.e}::timestamptz, ${after.p}::uuid)` : sql``}
        ORDER BY entered_at, person_id
        LIMIT ${PAGE}
      ) m
      LEFT JOIN persons p ON p.workspace_id = ${ws} AND p.id = m.person_id
      LEFT JOIN LATERAL (
        SELECT min(value) FILTER (WHERE kind = 'email') AS email,
               min(value) FILTER (WHERE kind = 'phone') AS phone,
               min(value) FILTER (WHERE kind = 'user_id') AS user_id
        FROM identities i WHERE i.workspace_id = ${ws} AND i.person_id = m.person_id
      ) ids ON true
      ORDER BY m.entered_at, m.person_id
    `.execute(db);
  async function* lines() {
    yield '\ufeff' + csvRow([...EXPORT_COLUMNS]);
    let after: { e: string; p: string } | null = null;
    for (;;) {
      const { rows } = await page(after);
      if (rows.length)
        yield csvLines(
          rows.map((r) => [r.person_id, r.entered_at, r.email, r.phone, r.user_id, r.first_name, r.last_name]),
        );
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { e: last.k, p: last.person_id };
      await yieldToEventLoop();
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
