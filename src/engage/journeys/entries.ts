import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../core/db/schema.ts';
import { newId } from '../../core/ids.ts';
import type { FoldedEvent } from '../../cdp/index.ts';
import { bucketOf } from '../campaign-audience.ts';
import type { EngageBaseKernel } from '../kernel.ts';
import { readPolicy } from '../policy-settings.ts';
import { durationMs, type JourneyDefinition, type PropertyCondition } from './definition.ts';
import type { JourneyRuntime } from './runtime.ts';
import { JOURNEY_EVENT } from './steps/types.ts';
import { knownZone, timeOnDate } from './timezones.ts';

/** How long a process trusts its copy of a workspace's journeys (an activation here drops it at once). */
const CACHE_MS = 2_000;
/** Persons entered per statement at most. */
const ENTER_CHUNK = 1_000;
/** How often each worker looks for date-trait entries due (idempotent: one entry per person and date). */
export const DATE_SCAN_SECONDS = 60;

/** A journey version as the entry sources see it. */
interface Version {
  id: string;
  name: string;
  status: string;
  version: number;
  current: boolean;
  def: JourneyDefinition;
}

/** What a workspace's journeys listen to (cached per workspace). */
interface Listening {
  until: number;
  /** Event names: entries of active journeys, waits and goals of any version in flight. */
  events: Set<string>;
  /** Segment ids: entries of active journeys, waits of any version. */
  segments: Set<string>;
  /** The current versions of active journeys. */
  active: Version[];
  /** Every version of active and paused journeys: `<journey>:<version>` → definition. */
  versions: Map<string, Version>;
}

/** Why a person did not enter. */
export type NotEntered = 'reentry' | 'in_flight' | 'cap' | 'consent' | 'not_active' | 'no_person';

export interface EnterResult {
  personId: string;
  runId: string | null;
  grp?: 'treatment' | 'control';
  reason?: NotEntered;
}

/** The CRM's consent channel of a journey's consent channel (messengers share one). */
const CONSENT_CHANNEL = {
  email: 'email',
  sms: 'sms',
  push: 'push',
  telegram: 'messenger',
  whatsapp: 'messenger',
  vk: 'messenger',
} as const;

/**
 * How people enter journeys, and how what they do reaches the runs already in flight:
 * - tracked events, durably: a hook in the CDP's fold transaction (cdp.onFoldedEvents) enters
 *   people (entry `event` with its `where`), wakes runs waiting for the event, and converts runs
 *   whose goal it is; each event is seen once, with the fold that consumes it;
 * - segment membership (segments.onMembership, in the membership transaction): entries and waits
 *   on a segment change;
 * - date traits: a periodic scan (the CDP's `dateTraitDue`) in each worker;
 * - the API (Journeys.enter calls `enter`).
 * Every entry respects re-entry, the frequency cap, consent and the hold-out, set-based.
 */
export class JourneyEntries {
  private cache = new Map<string, Listening>();

  constructor(
    private k: EngageBaseKernel,
    private runtime: JourneyRuntime,
  ) {
    k.cdp.onFoldedEvents(
      async (ws, db) => (await this.listening(ws, db)).events,
      (trx, ws, events) => this.onEvents(trx, ws, events),
    );
    k.segments.onMembership((trx, change) =>
      this.onMembership(trx as Tx, change.workspaceId, change.segment.id, change.entered, change.exited, change.at),
    );
    k.jobs.every('engage.journeys-dates', DATE_SCAN_SECONDS, () => this.scanDates());
  }

  /** Drops a workspace's cached journeys (publish, pause, resume, archive in this process). */
  forget(ws: string): void {
    this.cache.delete(ws);
  }

  private async listening(ws: string, db: DbOrTx): Promise<Listening> {
    const hit = this.cache.get(ws);
    if (hit && hit.until > Date.now()) return hit;
    const rows = await sql<{
      id: string;
      name: string;
      status: string;
      current: number;
      version: number;
      definition: JourneyDefinition;
    }>`
      SELECT j.id, j.name, j.status, j.version AS current, v.version, v.definition
      FROM engage_journeys j
      JOIN engage_journey_versions v ON v.workspace_id = j.workspace_id AND v.journey_id = j.id
      WHERE j.workspace_id = ${ws} AND j.status IN ('active', 'paused')`.execute(db);
    const out: Listening = {
      until: Date.now() + CACHE_MS,
      events: new Set(),
      segments: new Set(),
      active: [],
      versions: new Map(),
    };
    for (const r of rows.rows) {
      const v: Version = {
        id: r.id,
        name: r.name,
        status: r.status,
        version: r.version,
        current: r.version === r.current,
        def: r.definition,
      };
      out.versions.set(`${r.id}:${r.version}`, v);
      if (v.current && v.status === 'active') {
        out.active.push(v);
        const e = v.def.entry;
        if ('event' in e) out.events.add(e.event);
        if ('segment' in e) out.segments.add(e.segment);
      }
      if (v.def.goal) out.events.add(v.def.goal.event);
      for (const s of v.def.steps)
        if (s.type === 'wait' && s.for) {
          if ('event' in s.for) out.events.add(s.for.event);
          else out.segments.add(s.for.segment);
        }
    }
    this.cache.set(ws, out);
    return out;
  }

  // -------------------------------------------------------------------------------- entering

  /**
   * Enters persons (live ids) into a journey's current version in the caller's transaction:
   * re-entry, cap and consent checked set-based, the hold-out drawn, one run each (state
   * 'active', due at `dueAt` or now; the control group waits with no step), a `Journey Entered`
   * timeline entry each. `dateKey` makes the entry key "<person>:<date>" (one entry per date).
   */
  async enter(
    trx: Tx,
    ws: string,
    j: { id: string; name: string; version: number; def: JourneyDefinition },
    persons: { personId: string; dueAt?: Date; dateKey?: string }[],
    now = new Date(),
  ): Promise<EnterResult[]> {
    const out: EnterResult[] = [];
    const seen = new Set<string>();
    const list = persons.filter((p) => !seen.has(p.personId) && seen.add(p.personId));
    for (let i = 0; i < list.length; i += ENTER_CHUNK)
      out.push(...(await this.enterChunk(trx, ws, j, list.slice(i, i + ENTER_CHUNK), now)));
    if (out.some((r) => r.runId)) setTimeout(() => this.runtime.wake(), 50).unref();
    return out;
  }

  private async enterChunk(
    trx: Tx,
    ws: string,
    j: { id: string; name: string; version: number; def: JourneyDefinition },
    persons: { personId: string; dueAt?: Date; dateKey?: string }[],
    now: Date,
  ): Promise<EnterResult[]> {
    const def = j.def;
    const ids = persons.map((p) => p.personId);
    const refused = new Map<string, NotEntered>();
    const mode = def.reentry?.mode ?? 'never';
    const prior = new Map<string, { n: number; last: Date }>();
    if (mode !== 'never') {
      const r = await sql<{ person_id: string; n: number; live: number; last: Date }>`
        SELECT person_id, count(*)::int AS n, count(*) FILTER (WHERE state IN ('active', 'waiting'))::int AS live,
          max(entered_at) AS last
        FROM engage_journey_runs
        WHERE workspace_id = ${ws} AND journey_id = ${j.id} AND person_id = ANY(${ids}::uuid[])
        GROUP BY person_id`.execute(trx);
      for (const x of r.rows) {
        prior.set(x.person_id, { n: x.n, last: new Date(x.last) });
        // Re-entry is a new run once the last one ended, never a second one in flight.
        if (x.live > 0) refused.set(x.person_id, 'in_flight');
      }
      if (mode === 'after') {
        const after = durationMs(def.reentry?.after ?? '0s');
        for (const [p, x] of prior)
          if (!refused.has(p) && x.last.getTime() + after > now.getTime()) refused.set(p, 'reentry');
      }
    }
    if (def.cap) {
      const since = new Date(now.getTime() - durationMs(def.cap.within));
      const r = await sql<{ person_id: string; n: number }>`
        SELECT person_id, count(*)::int AS n FROM engage_journey_runs
        WHERE workspace_id = ${ws} AND person_id = ANY(${ids}::uuid[]) AND entered_at >= ${since}
        GROUP BY person_id`.execute(trx);
      for (const x of r.rows) if (x.n >= def.cap.max && !refused.has(x.person_id)) refused.set(x.person_id, 'cap');
    }
    if (def.consent) {
      const ok = await this.k.crm.consents.allowing(
        ws,
        ids.filter((p) => !refused.has(p)),
        CONSENT_CHANNEL[def.consent.channel],
        def.consent.purpose ?? 'marketing',
        trx,
      );
      for (const p of ids) if (!refused.has(p) && !ok.has(p)) refused.set(p, 'consent');
    }
    const first = def.steps[0]?.id ?? null;
    const control = def.controlPercent ?? 0;
    const rows = persons
      .filter((p) => !refused.has(p.personId))
      .map((p) => {
        const grp = control > 0 && bucketOf(j.id, p.personId) < Math.round(control * 100) ? 'control' : 'treatment';
        const key =
          mode === 'never'
            ? p.personId
            : p.dateKey
              ? `${p.personId}:${p.dateKey}`
              : `${p.personId}:${(prior.get(p.personId)?.n ?? 0) + 1}`;
        return {
          id: newId(),
          person_id: p.personId,
          grp,
          state: grp === 'control' ? 'waiting' : 'active',
          step_id: grp === 'control' ? null : first,
          due_at: grp === 'control' ? null : (p.dueAt && p.dueAt > now ? p.dueAt : now).toISOString(),
          entry_key: key,
        };
      });
    const inserted = rows.length
      ? (
          await sql<{ id: string; person_id: string; grp: 'treatment' | 'control' }>`
            INSERT INTO engage_journey_runs (workspace_id, id, journey_id, version, person_id, grp, state, step_id, due_at,
              step_entered_at, entered_at, entry_key)
            SELECT ${ws}, x.id, ${j.id}, ${j.version}, x.person_id, x.grp, x.state, x.step_id, x.due_at, ${now}, ${now}, x.entry_key
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, person_id uuid, grp text, state text, step_id text,
              due_at timestamptz, entry_key text)
            ON CONFLICT (workspace_id, journey_id, entry_key) DO NOTHING
            RETURNING id, person_id, grp`.execute(trx)
        ).rows
      : [];
    if (inserted.length)
      await this.runtime.timeline(
        trx,
        ws,
        inserted.map((r) => ({
          personId: r.person_id,
          type: 'journey',
          event: JOURNEY_EVENT.entered,
          messageId: `jr:${r.id}:entered`,
          occurredAt: now,
          properties: { journeyId: j.id, journeyName: j.name, version: j.version, group: r.grp },
        })),
      );
    const byPerson = new Map(inserted.map((r) => [r.person_id, r]));
    return persons.map((p) => {
      const r = byPerson.get(p.personId);
      if (r) return { personId: p.personId, runId: r.id, grp: r.grp };
      return { personId: p.personId, runId: null, reason: refused.get(p.personId) ?? 'reentry' };
    });
  }

  // -------------------------------------------------------------------------------- events

  /** In the fold's transaction: entries on an event, waits for an event, goals. */
  async onEvents(trx: Tx, ws: string, events: FoldedEvent[], now = new Date()): Promise<void> {
    const l = await this.listening(ws, trx);
    // Goals first: an event that converts a run does not also move its wait on.
    await this.goals(trx, ws, l, events, now);
    await this.fireEventWaits(trx, ws, events, now);
    for (const v of l.active) {
      const e = v.def.entry;
      if (!('event' in e)) continue;
      const persons = events
        .filter((x) => x.event === e.event && matchWhere(x.properties, e.where))
        .map((x) => ({ personId: x.personId }));
      if (persons.length) await this.enter(trx, ws, v, persons, now);
    }
  }

  private async goals(trx: Tx, ws: string, l: Listening, events: FoldedEvent[], now: Date): Promise<void> {
    const names = new Set(events.map((e) => e.event));
    const journeys = [
      ...new Set([...l.versions.values()].filter((v) => v.def.goal && names.has(v.def.goal.event)).map((v) => v.id)),
    ];
    if (!journeys.length) return;
    const persons = [...new Set(events.map((e) => e.personId))];
    const runs = await sql<{
      id: string;
      journey_id: string;
      version: number;
      person_id: string;
      entered_at: Date;
      step_seq: number;
      state: string;
    }>`
      SELECT id, journey_id, version, person_id, entered_at, step_seq, state FROM engage_journey_runs
      WHERE workspace_id = ${ws} AND person_id = ANY(${persons}::uuid[]) AND state IN ('active', 'waiting')
        AND journey_id = ANY(${journeys}::uuid[])`.execute(trx);
    const converted: typeof runs.rows = [];
    for (const r of runs.rows) {
      const goal = l.versions.get(`${r.journey_id}:${r.version}`)?.def.goal;
      if (!goal) continue;
      const from = new Date(r.entered_at).getTime();
      const until = goal.within ? from + durationMs(goal.within) : Number.POSITIVE_INFINITY;
      const hit = events.some(
        (e) =>
          e.personId === r.person_id &&
          e.event === goal.event &&
          e.occurredAt.getTime() >= from - 1000 &&
          e.occurredAt.getTime() <= until &&
          matchWhere(e.properties, goal.where),
      );
      if (hit) converted.push(r);
    }
    if (!converted.length) return;
    const done = await sql<{ id: string; person_id: string; journey_id: string; version: number; step_seq: number }>`
      UPDATE engage_journey_runs SET state = 'converted', exit_reason = 'goal', finished_at = ${now}, due_at = NULL, waiting_for = NULL
      WHERE workspace_id = ${ws} AND id = ANY(${converted.map((r) => r.id)}::uuid[]) AND state IN ('active', 'waiting')
      RETURNING id, person_id, journey_id, version, step_seq`.execute(trx);
    if (!done.rows.length) return;
    // The step it was waiting at ends here.
    await sql`
      UPDATE engage_journey_steps s SET left_at = ${now}, outcome = 'converted'
      FROM jsonb_to_recordset(${JSON.stringify(done.rows)}::jsonb) AS x(id uuid, step_seq int)
      WHERE s.workspace_id = ${ws} AND s.run_id = x.id AND s.seq = x.step_seq AND s.left_at IS NULL`.execute(trx);
    await this.runtime.timeline(
      trx,
      ws,
      done.rows.map((r) => ({
        personId: r.person_id,
        type: 'journey',
        event: JOURNEY_EVENT.exited,
        messageId: `jr:${r.id}:exit`,
        occurredAt: now,
        properties: {
          journeyId: r.journey_id,
          journeyName: l.versions.get(`${r.journey_id}:${r.version}`)?.name,
          version: r.version,
          reason: 'goal',
        },
      })),
    );
  }

  private async fireEventWaits(trx: Tx, ws: string, events: FoldedEvent[], now: Date) {
    const names = [...new Set(events.map((e) => e.event))];
    const persons = [...new Set(events.map((e) => e.personId))];
    const waiting = await sql<{
      id: string;
      person_id: string;
      step_seq: number;
      waiting_for: { event: string; where?: PropertyCondition[] };
    }>`
      SELECT id, person_id, step_seq, waiting_for FROM engage_journey_runs
      WHERE workspace_id = ${ws} AND person_id = ANY(${persons}::uuid[]) AND state = 'waiting'
        AND waiting_for->>'event' = ANY(${names}::text[]) AND waiting_for->>'fired' IS NULL`.execute(trx);
    const fire = waiting.rows.filter((r) =>
      events.some(
        (e) =>
          e.personId === r.person_id &&
          e.event === r.waiting_for.event &&
          matchWhere(e.properties, r.waiting_for.where),
      ),
    );
    await this.fire(trx, ws, fire, 'event', now);
  }

  /** Waiting runs whose event or segment change came: due now, `fired` noted (same step only). */
  private async fire(
    trx: Tx,
    ws: string,
    runs: { id: string; step_seq: number }[],
    why: 'event' | 'segment',
    now: Date,
  ): Promise<void> {
    if (!runs.length) return;
    const r = await sql`
      UPDATE engage_journey_runs r SET due_at = ${now}, waiting_for = r.waiting_for || jsonb_build_object('fired', ${why}::text)
      FROM jsonb_to_recordset(${JSON.stringify(runs.map((x) => ({ id: x.id, seq: x.step_seq })))}::jsonb) AS x(id uuid, seq int)
      WHERE r.workspace_id = ${ws} AND r.id = x.id AND r.step_seq = x.seq AND r.state = 'waiting'`.execute(trx);
    if (Number(r.numAffectedRows ?? 0) > 0) setTimeout(() => this.runtime.wake(), 50).unref();
  }

  // -------------------------------------------------------------------------------- segments

  /** In the membership transaction: entries on entering a segment, waits on a segment change. */
  async onMembership(
    trx: Tx,
    ws: string,
    segmentId: string,
    entered: readonly string[],
    exited: readonly string[],
    at: Date,
  ): Promise<void> {
    const l = await this.listening(ws, trx);
    if (!l.segments.has(segmentId)) return;
    for (const v of l.active) {
      const e = v.def.entry;
      if ('segment' in e && e.segment === segmentId && entered.length)
        await this.enter(
          trx,
          ws,
          v,
          entered.map((personId) => ({ personId })),
          at,
        );
    }
    for (const [dir, persons] of [
      [true, entered],
      [false, exited],
    ] as const) {
      if (!persons.length) continue;
      const waiting = await sql<{ id: string; step_seq: number }>`
        SELECT id, step_seq FROM engage_journey_runs
        WHERE workspace_id = ${ws} AND person_id = ANY(${[...persons]}::uuid[]) AND state = 'waiting'
          AND waiting_for->>'segment' = ${segmentId} AND (waiting_for->>'entered')::boolean = ${dir}
          AND waiting_for->>'fired' IS NULL`.execute(trx);
      await this.fire(trx, ws, waiting.rows, 'segment', at);
    }
  }

  // -------------------------------------------------------------------------------- date traits

  /**
   * Every active journey with a date-trait entry: the persons whose date falls today (after the
   * offset) in their zone enter, due at the entry's local time `at` (or now), once per date
   * (entry key "<person>:<local date>"; re-entry 'never': once ever).
   */
  async scanDates(now = new Date()): Promise<number> {
    const journeys = await sql<{
      workspace_id: string;
      id: string;
      name: string;
      version: number;
      definition: JourneyDefinition;
    }>`
      SELECT j.workspace_id, j.id, j.name, j.version, v.definition
      FROM engage_journeys j
      JOIN engage_journey_versions v ON v.workspace_id = j.workspace_id AND v.journey_id = j.id AND v.version = j.version
      WHERE j.status = 'active' AND (v.definition->'entry') ? 'dateTrait'`.execute(this.k.db);
    let n = 0;
    for (const j of journeys.rows) {
      const e = j.definition.entry as { dateTrait: string; offsetDays?: number; at?: string };
      const policy = await readPolicy(this.k.db, j.workspace_id);
      const fallbackZone = knownZone(policy.timezone) ? policy.timezone : 'UTC';
      let after: string | undefined;
      for (;;) {
        const due = await this.k.cdp.directory.dateTraitDue(this.k.db, j.workspace_id, {
          trait: e.dateTrait,
          offsetDays: e.offsetDays ?? 0,
          fallbackZone,
          now,
          after,
          limit: ENTER_CHUNK,
        });
        if (!due.length) break;
        after = due[due.length - 1].personId;
        const entered = await this.k.db.transaction().execute((trx) =>
          this.enter(
            trx,
            j.workspace_id,
            { id: j.id, name: j.name, version: j.version, def: j.definition },
            due.map((d) => ({
              personId: d.personId,
              dateKey: d.date,
              ...(e.at ? { dueAt: timeOnDate(d.date, e.at, d.timezone) } : {}),
            })),
            now,
          ),
        );
        n += entered.filter((r) => r.runId).length;
        if (due.length < ENTER_CHUNK) break;
      }
    }
    return n;
  }
}

// ---------------------------------------------------------------------------------- where

/**
 * Whether an event's properties satisfy every `where` condition, as the segments compiler decides
 * it in SQL (src/cdp/segments/fields.ts compileFieldTest, json fields): a `*` part of a path is
 * any element of the array there; a missing value is simply not equal, not greater, ….
 */
export function matchWhere(props: Record<string, unknown>, where: readonly PropertyCondition[] | undefined): boolean {
  return (where ?? []).every((w) => {
    const values = valuesAt(props, w.property.split('.'));
    return values.length ? values.some((v) => test(v, w)) : w.op === 'neq' || w.op === 'notExists';
  });
}

function valuesAt(base: unknown, parts: string[]): unknown[] {
  if (!parts.length) return base === undefined ? [] : [base];
  const [head, ...rest] = parts;
  if (head === '*') return Array.isArray(base) ? base.flatMap((el) => valuesAt(el, rest)) : [];
  if (base && typeof base === 'object' && !Array.isArray(base))
    return valuesAt((base as Record<string, unknown>)[head], rest);
  if (Array.isArray(base) && /^\d+$/.test(head)) return valuesAt(base[Number(head)], rest);
  return [];
}

const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : null;
const time = (v: unknown): number | null =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function test(v: unknown, w: PropertyCondition): boolean {
  const present = v !== undefined && v !== null;
  switch (w.op) {
    case 'eq':
      return same(v, w.value);
    case 'neq':
      return !same(v, w.value);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = num(v);
      const b = w.value as number;
      if (n === null) return false;
      return w.op === 'gt' ? n > b : w.op === 'gte' ? n >= b : w.op === 'lt' ? n < b : n <= b;
    }
    case 'in':
      return ['string', 'number', 'boolean'].includes(typeof v) && (w.value as unknown[]).some((x) => same(x, v));
    case 'contains':
      if (typeof w.value === 'string' && typeof v === 'string') return v.includes(w.value);
      return Array.isArray(v) && v.some((x) => same(x, w.value));
    case 'startsWith':
      return typeof v === 'string' && v.startsWith(String(w.value));
    case 'exists':
      return present;
    case 'notExists':
      return !present;
    case 'before':
    case 'after':
    case 'withinLast': {
      const t = time(v);
      if (t === null) return false;
      if (w.op === 'before') return t < Date.parse(String(w.value));
      if (w.op === 'after') return t > Date.parse(String(w.value));
      const m = /^(\d+)(m|h|d|w)$/.exec(String(w.value));
      const span = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm'] : 0;
      return t >= Date.now() - span && t <= Date.now();
    }
  }
  return false;
}
