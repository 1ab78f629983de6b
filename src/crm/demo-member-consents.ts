import { sql } from 'kysely';
import type { DemoSeeder } from '../core/module.ts';
import { newId } from '../core/ids.ts';
import { seededRandom } from '../core/seeded-random.ts';
import type { AppendedEvent } from '../cdp/index.ts';
import type { CrmKernel } from './kernel.ts';

const DAY = 86_400_000;
/** FNV-1a of a string: a stable seed per member. */
const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * The demo's loyalty members (the CDP's events create them after the CRM's demo ran) sign up with
 * marketing consents, as a pharmacy's loyalty form asks: SMS for about 60 %, a few of whom sent
 * STOP later, and email for about 70 %. Story 1's campaign audience needs them ("consents to SMS").
 * Idempotent: members who have any consent already are left alone.
 */
export const seedMemberConsents: DemoSeeder<CrmKernel> = async (k, { workspaceId: ws, log, now }) => {
  // The members are whoever carries a loyalty card trait: asked through the segments' service.
  const members = (await k.segments.preview(ws, { trait: 'loyaltyCard', op: 'exists' }, { sample: 100_000 })).sample;
  if (!members.length) return;
  const known = new Set(
    (
      await k.db
        .selectFrom('crm_consents')
        .select('person_id')
        .distinct()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', members)
        .execute()
    ).map((r) => r.person_id),
  );
  const rows: Record<string, unknown>[] = [];
  const events: AppendedEvent[] = [];
  const consent = (personId: string, channel: string, granted: boolean, source: string, at: number) => {
    rows.push({
      workspace_id: ws,
      id: newId(),
      person_id: personId,
      channel,
      purpose: 'marketing',
      granted,
      source,
      evidence: source === 'loyalty_form' ? 'Анкета участника программы лояльности' : null,
      actor: 'demo',
      occurred_at: new Date(at).toISOString(),
    });
    events.push({
      personId,
      type: 'consent',
      event: granted ? 'consent.granted' : 'consent.withdrawn',
      properties: { channel, purpose: 'marketing', source },
      occurredAt: new Date(at),
    });
  };
  for (const id of members) {
    if (known.has(id)) continue;
    // Drawn from the member's identifiers (the same on every machine and run), not a running
    // sequence: a second run decides the same for those it left without consent, and adds nothing.
    const keys = (await k.cdp.directory.identitiesOf(k.db, ws, id)).map((x) => `${x.kind}:${x.value}`).sort();
    const r = seededRandom(hash(keys[0] ?? id));
    const signedUp = now - r.int(120, 700) * DAY;
    if (r.chance(0.6)) {
      consent(id, 'sms', true, 'loyalty_form', signedUp);
      if (r.chance(0.08)) consent(id, 'sms', false, 'sms_stop', now - r.int(5, 100) * DAY);
    }
    if (r.chance(0.7)) consent(id, 'email', true, 'loyalty_form', signedUp);
  }
  await k.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 2000)
      await sql`INSERT INTO crm_consents (workspace_id, id, person_id, channel, purpose, granted, source, evidence, actor, occurred_at)
        SELECT workspace_id, id, person_id, channel, purpose, granted, source, evidence, actor, occurred_at
        FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb)
          AS x(workspace_id uuid, id uuid, person_id uuid, channel text, purpose text, granted boolean, source text, evidence text, actor text, occurred_at timestamptz)`.execute(
        trx,
      );
    for (let i = 0; i < events.length; i += 5000)
      await k.cdp.directory.appendEvents(trx, ws, events.slice(i, i + 5000));
  });
  log(`crm: ${rows.length} marketing consents of ${members.length - known.size} loyalty members`);
};
