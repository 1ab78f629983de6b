import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { ChannelType, MessageKind } from './tables.ts';
import type { ConsentChannel } from './channels/types.ts';
import type { MessagingPolicy } from './policy-settings.ts';
import { addressOf, loadRecipients, timeZoneOf, type Recipient } from './addresses.ts';
import { normalizeAddress, suppressedOf } from './suppressions.ts';
import type { Engage } from './engage.ts';

/** A claimed message as the policy sees it. */
export interface PolicyInput {
  id: string;
  personId: string;
  channelType: ChannelType;
  kind: MessageKind;
  /** null: the channel is not a person's inbox (webhook): no consent, suppression or caps. */
  consent: ConsentChannel | null;
  /** The template's subscription group (an opt-out stops its messages). */
  groupId: string | null;
}

export type Verdict =
  | { action: 'send'; address: string; recipient: Recipient }
  | { action: 'stop'; status: 'suppressed' | 'failed'; reason: string; address?: string | null }
  | { action: 'wait'; until: Date; reason: 'quiet_hours' };

const DAY = 86_400_000;

/** Why a person's marketing messages are held now: a stable reason code (the message's `reason`). */
export interface Hold {
  reason: string;
}
/** Which of these live persons are held now; checked once per claimed batch, in the sender's read. */
export type HoldCheck = (db: DbOrTx, ws: string, personIds: string[], now: Date) => Promise<Map<string, Hold>>;

/**
 * Holds registered by later modules (the service desk: an open urgent ticket, an SLA breach, a
 * fresh low CSAT hold marketing). A held marketing message is dropped — status `suppressed`, its
 * reason the hold's code — not kept waiting: a promotion sent days late is worse than none, and
 * the next campaign reaches the person once the hold has ended. Transactional and service
 * messages are never held.
 */
export class DeliveryHolds {
  private checks: HoldCheck[] = [];

  registerHold(fn: HoldCheck): void {
    this.checks.push(fn);
  }

  /** Person → the first hold that applies. */
  async check(db: DbOrTx, ws: string, personIds: string[], now: Date): Promise<Map<string, Hold>> {
    const out = new Map<string, Hold>();
    let left = [...new Set(personIds)];
    for (const fn of this.checks) {
      if (!left.length) break;
      for (const [p, h] of await fn(db, ws, left, now)) if (!out.has(p)) out.set(p, h);
      left = left.filter((p) => !out.has(p));
    }
    return out;
  }
}

/**
 * The delivery policy over a claimed batch, in order: consent → subscription group opt-out →
 * suppression list → an address → service holds (marketing) → frequency caps → quiet hours. A handful of statements per
 * batch, none per message (push addresses excepted: they come from the push service).
 * Transactional messages need only the absence of a withdrawal and skip caps and quiet hours.
 */
export async function applyPolicy(
  db: DbOrTx,
  engage: Engage,
  ws: string,
  policy: MessagingPolicy,
  batch: PolicyInput[],
  now = new Date(),
): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  if (!batch.length) return out;
  const recipients = await loadRecipients(
    db,
    ws,
    batch.map((m) => m.personId),
  );
  const live = [...new Set([...recipients.values()].map((r) => r.liveId).filter((x): x is string => !!x))];

  const consents = await consentsOf(db, ws, batch.some((m) => m.consent) ? live : []);
  const groups = [...new Set(batch.map((m) => m.groupId).filter((g): g is string => !!g))];
  const optouts = new Set<string>();
  if (groups.length && live.length) {
    const rows = await db
      .selectFrom('engage_group_optouts')
      .select(['group_id', 'person_id'])
      .where('workspace_id', '=', ws)
      .where('group_id', 'in', groups)
      .where('person_id', 'in', live)
      .execute();
    for (const r of rows) optouts.add(`${r.group_id} ${r.person_id}`);
  }

  const addresses = new Map<string, string | null>();
  for (const m of batch) {
    const r = recipients.get(m.personId)!;
    addresses.set(m.id, await addressOf(engage, ws, m.channelType, r));
  }
  const suppressed = await suppressedOf(
    db,
    ws,
    batch.flatMap((m) => {
      const a = addresses.get(m.id);
      return m.consent && a ? [{ channel: m.consent, address: normalizeAddress(m.consent, a) }] : [];
    }),
  );

  const marketing = [
    ...new Set(
      batch.flatMap((m) => {
        const id = recipients.get(m.personId)?.liveId;
        return m.kind === 'marketing' && m.consent && id ? [id] : [];
      }),
    ),
  ];
  const holds =
    marketing.length && engage.policy ? await engage.policy.check(db, ws, marketing, now) : new Map<string, Hold>();

  const caps = policy.frequencyCaps;
  const capped = caps.perChannelPerDay || caps.perChannelPerWeek || caps.allChannelsPerDay || caps.allChannelsPerWeek;
  const counts = capped
    ? await sentCounts(
        db,
        ws,
        live,
        batch.map((m) => m.id),
        now,
      )
    : new Map<string, Counts>();
  const count = (person: string, type: string) => {
    const key = `${person} ${type}`;
    if (!counts.has(key)) counts.set(key, { day: 0, week: 0 });
    return counts.get(key)!;
  };

  for (const m of batch) {
    const r = recipients.get(m.personId)!;
    const address = addresses.get(m.id) ?? null;
    const stop = (status: 'suppressed' | 'failed', reason: string) =>
      out.set(m.id, { action: 'stop', status, reason, address });
    if (!r.liveId) {
      stop('failed', 'no_person');
      continue;
    }
    if (m.consent) {
      const purpose = m.kind === 'marketing' ? 'marketing' : 'service';
      const state = consents.get(`${r.liveId} ${m.consent} ${purpose}`);
      if (m.kind === 'marketing' ? state !== true : state === false) {
        stop('suppressed', 'no_consent');
        continue;
      }
    }
    if (m.groupId && optouts.has(`${m.groupId} ${r.liveId}`)) {
      stop('suppressed', 'unsubscribed');
      continue;
    }
    if (m.consent && address && suppressed.has(`${m.consent} ${normalizeAddress(m.consent, address)}`)) {
      stop('suppressed', 'suppressed');
      continue;
    }
    if (address === null) {
      stop('failed', 'no_address');
      continue;
    }
    const hold = m.kind === 'marketing' && m.consent ? holds.get(r.liveId) : undefined;
    if (hold) {
      stop('suppressed', hold.reason);
      continue;
    }
    if (m.kind === 'marketing' && m.consent) {
      if (capped) {
        const ch = count(r.liveId, m.channelType);
        const all = count(r.liveId, '*');
        const over =
          (caps.perChannelPerDay != null && ch.day >= caps.perChannelPerDay) ||
          (caps.perChannelPerWeek != null && ch.week >= caps.perChannelPerWeek) ||
          (caps.allChannelsPerDay != null && all.day >= caps.allChannelsPerDay) ||
          (caps.allChannelsPerWeek != null && all.week >= caps.allChannelsPerWeek);
        if (over) {
          stop('suppressed', 'frequency_cap');
          continue;
        }
      }
      if (policy.quietHours) {
        const until = quietUntil(now, timeZoneOf(r, policy.timezone), policy.quietHours);
        if (until) {
          out.set(m.id, { action: 'wait', until, reason: 'quiet_hours' });
          continue;
        }
      }
      if (capped) {
        // Messages of this batch count against the caps of the ones after them.
        for (const c of [count(r.liveId, m.channelType), count(r.liveId, '*')]) {
          c.day++;
          c.week++;
        }
      }
    }
    out.set(m.id, { action: 'send', address, recipient: r });
  }
  return out;
}

/** The latest consent per (live person, channel, purpose): `person channel purpose` → granted. */
async function consentsOf(db: DbOrTx, ws: string, persons: string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (!persons.length) return out;
  // The CRM's rule (crm consents `current`): the latest change per channel and purpose is the state.
  const r = await sql<{ person_id: string; channel: string; purpose: string; granted: boolean }>`
    SELECT DISTINCT ON (person_id, channel, purpose) person_id, channel, purpose, granted
    FROM crm_consents WHERE workspace_id = ${ws} AND person_id = ANY(${persons}::uuid[])
    ORDER BY person_id, channel, purpose, occurred_at DESC, id DESC
  `.execute(db);
  for (const c of r.rows) out.set(`${c.person_id} ${c.channel} ${c.purpose}`, c.granted);
  return out;
}

interface Counts {
  day: number;
  week: number;
}

/**
 * Marketing messages sent to these persons in the last day and week: `person type` and `person *`.
 * Messages another worker holds mid-send count too (not this batch's own).
 */
async function sentCounts(
  db: DbOrTx,
  ws: string,
  persons: string[],
  batch: string[],
  now: Date,
): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (!persons.length) return out;
  const r = await sql<{ person_id: string; channel_type: string; day: number; week: number }>`
    SELECT person_id, channel_type,
      count(*) FILTER (WHERE status = 'sending' OR sent_at > ${new Date(now.getTime() - DAY)})::int AS day,
      count(*)::int AS week
    FROM engage_messages
    WHERE workspace_id = ${ws} AND person_id = ANY(${persons}::uuid[]) AND kind = 'marketing'
      AND (sent_at > ${new Date(now.getTime() - 7 * DAY)} OR (status = 'sending' AND id <> ALL(${batch}::uuid[])))
    GROUP BY person_id, channel_type
  `.execute(db);
  for (const row of r.rows) {
    out.set(`${row.person_id} ${row.channel_type}`, { day: row.day, week: row.week });
    const all = out.get(`${row.person_id} *`) ?? { day: 0, week: 0 };
    out.set(`${row.person_id} *`, { day: all.day + row.day, week: all.week + row.week });
  }
  return out;
}

const clocks = new Map<string, Intl.DateTimeFormat>();
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet window that `now` falls in ends, in `tz`; null when `now` is outside it. The
 * window may cross midnight (21:00–09:00).
 */
export function quietUntil(now: Date, tz: string, q: { start: string; end: string }): Date | null {
  const start = minutes(q.start);
  const end = minutes(q.end);
  if (start === end) return null;
  let clock = clocks.get(tz);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(tz, clock);
  }
  const p = Object.fromEntries(clock.formatToParts(now).map((x) => [x.type, x.value]));
  const cur = Number(p.hour) * 60 + Number(p.minute);
  const inside = start < end ? cur >= start && cur < end : cur >= start || cur < end;
  if (!inside) return null;
  const wait = (end - cur + 1440) % 1440;
  return new Date(now.getTime() + wait * 60_000 - Number(p.second) * 1000 - now.getUTCMilliseconds());
}
