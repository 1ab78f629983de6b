import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { ChannelType } from './tables.ts';
import type { AbDecision, EngageCampaignsTable } from './campaign-tables.ts';
import type { Selectable } from 'kysely';
import { bucketSql, durationInterval } from './campaign-audience.ts';
import { METHODS, twoProportion, welch } from './campaign-stats.ts';
import { ADDRESS_KIND } from './addresses.ts';

type Row = Selectable<EngageCampaignsTable>;

/**
 * A campaign's audience estimate and results, each a few aggregate queries: nobody's rows are
 * loaded into memory. Conversions are read from the CDP's `events` table directly (the CDP has no
 * aggregate read of other modules' windows): `events_person_time_idx` serves each person's window.
 *
 * Attribution: a treatment member responded when the conversion event occurred within the
 * attribution window after their first campaign message was sent (a treatment member never sent
 * anything — no consent, say — is anchored at the launch, like the control: intent to treat, so the
 * groups stay comparable); a control member, within the window after the launch. Revenue of a
 * member: the sum of `revenueProperty` (else `total`) over their conversions in the window.
 */

const CONSENT: Record<ChannelType, string | null> = {
  email: 'email',
  sms: 'sms',
  push: 'push',
  telegram: 'messenger',
  whatsapp: 'messenger',
  vk: 'messenger',
  webhook: null,
};

const regionOf = sql`nullif(coalesce(p.traits->>'region', p.traits#>>'{address,region}'), '')`;

/** A segment's current live members, narrowed to the campaign's regions. */
function segmentPeople(ws: string, segmentId: string, regions: string[]) {
  return sql`
    SELECT sm.person_id FROM segment_members sm
    JOIN persons p ON p.workspace_id = sm.workspace_id AND p.id = sm.person_id AND p.merged_into IS NULL
    WHERE sm.workspace_id = ${ws} AND sm.segment_id = ${segmentId} AND sm.exited_at IS NULL
      ${regions.length ? sql`AND lower(${regionOf}) = ANY(${regions.map((r) => r.toLowerCase())}::text[])` : sql``}
  `;
}

/**
 * The audience now, as a launch would freeze it: `{ audience, treatment, control, reachable }`,
 * reachable = treatment members with consent on the channel (a marketing grant; for a
 * transactional template, no withdrawal) and an address there.
 */
export async function estimateAudience(db: DbOrTx, ws: string, c: Row) {
  const regions = c.geography?.regions ?? [];
  const ctl = c.control_segment_id
    ? segmentPeople(ws, c.control_segment_id, regions)
    : sql`SELECT NULL::uuid AS person_id WHERE false`;
  const pct = c.control_percent;
  const channels = await db
    .selectFrom('engage_channels')
    .select(['id', 'type'])
    .where('workspace_id', '=', ws)
    .where(
      'id',
      'in',
      c.steps.map((s) => s.channelId),
    )
    .execute();
  const typeOf = new Map(channels.map((x) => [x.id, x.type]));
  const kinds = new Map(
    (
      await db
        .selectFrom('engage_templates')
        .select(['id', 'kind'])
        .where('workspace_id', '=', ws)
        .where(
          'id',
          'in',
          c.steps.map((s) => s.templateId),
        )
        .execute()
    ).map((t) => [t.id, t.kind]),
  );
  const reach: { channelId: string; expr: RawBuilder<unknown> }[] = [];
  for (const s of c.steps) {
    if (reach.some((r) => r.channelId === s.channelId)) continue;
    const type = typeOf.get(s.channelId);
    if (!type) {
      reach.push({ channelId: s.channelId, expr: sql`0` });
      continue;
    }
    const consent = CONSENT[type];
    const marketing = (kinds.get(s.templateId) ?? 'marketing') === 'marketing';
    const consentOk = !consent
      ? sql`true`
      : marketing
        ? sql`EXISTS (SELECT 1 FROM lc WHERE lc.person_id = a.person_id AND lc.channel = ${consent} AND lc.purpose = 'marketing' AND lc.granted)`
        : sql`NOT EXISTS (SELECT 1 FROM lc WHERE lc.person_id = a.person_id AND lc.channel = ${consent} AND lc.purpose = 'service' AND NOT lc.granted)`;
    const kind = ADDRESS_KIND[type];
    const addressOk =
      type === 'webhook'
        ? sql`true`
        : type === 'push'
          ? sql`EXISTS (SELECT 1 FROM engage_push_subscriptions s WHERE s.workspace_id = ${ws} AND s.person_id = a.person_id)`
          : sql`EXISTS (SELECT 1 FROM identities i WHERE i.workspace_id = ${ws} AND i.person_id = a.person_id AND i.kind = ${kind})`;
    reach.push({
      channelId: s.channelId,
      expr: sql`count(*) FILTER (WHERE a.grp = 'treatment' AND ${consentOk} AND ${addressOk})::int`,
    });
  }
  const r = await sql<Record<string, number>>`
    WITH ctl AS (${ctl}), tgt AS (${segmentPeople(ws, c.segment_id, regions)}),
    a AS (
      SELECT person_id, 'control' AS grp FROM ctl
      UNION ALL
      SELECT t.person_id,
        CASE WHEN ${pct ?? null}::int IS NOT NULL AND ${bucketSql(c.id, sql`t.person_id`)} < ${Math.round((pct ?? 0) * 100)} THEN 'control' ELSE 'treatment' END
      FROM tgt t WHERE NOT EXISTS (SELECT 1 FROM ctl WHERE ctl.person_id = t.person_id)
    ),
    lc AS (
      SELECT DISTINCT ON (cs.person_id, cs.channel, cs.purpose) cs.person_id, cs.channel, cs.purpose, cs.granted
      FROM crm_consents cs
      WHERE cs.workspace_id = ${ws} AND cs.person_id IN (SELECT person_id FROM a WHERE grp = 'treatment')
      ORDER BY cs.person_id, cs.channel, cs.purpose, cs.occurred_at DESC, cs.id DESC
    )
    SELECT count(*)::int AS audience,
      count(*) FILTER (WHERE a.grp = 'treatment')::int AS treatment,
      count(*) FILTER (WHERE a.grp = 'control')::int AS control
      ${sql.join(
        reach.map((x, i) => sql`, ${x.expr} AS ${sql.ref(`r${i}`)}`),
        sql``,
      )}
    FROM a
  `.execute(db);
  const row = r.rows[0] ?? {};
  return {
    audience: Number(row.audience ?? 0),
    treatment: Number(row.treatment ?? 0),
    control: Number(row.control ?? 0),
    reachable: Object.fromEntries(reach.map((x, i) => [x.channelId, Number(row[`r${i}`] ?? 0)])) as Record<
      string,
      number
    >,
  };
}

/** A conversion's revenue: `prop` (a number or a numeric string), else `total`, else 0. */
function revenueOf(prop: string) {
  const val = (key: string) =>
    sql`CASE WHEN jsonb_typeof(e.properties->${key}) = 'number' THEN (e.properties->>${key})::numeric
      WHEN jsonb_typeof(e.properties->${key}) = 'string' AND (e.properties->>${key}) ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (e.properties->>${key})::numeric END`;
  return sql`coalesce(${val(prop)}, ${val('total')}, 0)`;
}

const SENT = sql`(m.sent_at IS NOT NULL OR m.status IN ('sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained'))`;
const DELIVERED = sql`(m.delivered_at IS NOT NULL OR m.opened_at IS NOT NULL OR m.clicked_at IS NOT NULL OR m.status IN ('delivered', 'opened', 'clicked'))`;
const OPENED = sql`(m.opened_at IS NOT NULL OR m.clicked_at IS NOT NULL OR m.status IN ('opened', 'clicked'))`;
const CLICKED = sql`(m.clicked_at IS NOT NULL OR m.status = 'clicked')`;

interface MessageGroup {
  step: number;
  variant: string | null;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  responders: number;
}

/** The campaign's messages by (wave, variant): counts, and responders within the window after each message. */
async function messageGroups(db: DbOrTx, ws: string, c: Row): Promise<MessageGroup[]> {
  const w = durationInterval(c.attribution_window);
  const r = await sql<MessageGroup>`
    SELECT m.campaign_step AS step, m.variant,
      count(*) FILTER (WHERE ${SENT})::int AS sent,
      count(*) FILTER (WHERE ${DELIVERED})::int AS delivered,
      count(*) FILTER (WHERE ${OPENED})::int AS opened,
      count(*) FILTER (WHERE ${CLICKED})::int AS clicked,
      count(*) FILTER (WHERE m.sent_at IS NOT NULL AND EXISTS (
        SELECT 1 FROM events e
        WHERE e.workspace_id = ${ws} AND e.person_id = m.person_id AND e.event = ${c.conversion_event}
          AND e.occurred_at > m.sent_at AND e.occurred_at <= m.sent_at + ${w}::interval
      ))::int AS responders
    FROM engage_messages m
    WHERE m.workspace_id = ${ws} AND m.campaign_id = ${c.id}
    GROUP BY m.campaign_step, m.variant
  `.execute(db);
  return r.rows.map((x) => ({
    step: Number(x.step),
    variant: x.variant,
    sent: Number(x.sent),
    delivered: Number(x.delivered),
    opened: Number(x.opened),
    clicked: Number(x.clicked),
    responders: Number(x.responders),
  }));
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const hitsOf = (g: { opened: number; clicked: number; responders: number }, metric: string) =>
  metric === 'opened' ? g.opened : metric === 'clicked' ? g.clicked : g.responders;

/** The A/B step's variants: sent and the test metric's hits; rate = hits / sent (null before any was sent). */
export async function variantRates(db: DbOrTx, ws: string, c: Row, step: number): Promise<AbDecision['variants']> {
  const groups = (await messageGroups(db, ws, c)).filter((g) => g.step === step);
  const metric = c.ab_test?.metric ?? 'responded';
  return (c.steps[step]?.variants ?? []).map((v) => {
    const g = groups.find((x) => x.variant === v.key);
    const sent = g?.sent ?? 0;
    const hits = g ? hitsOf(g, metric) : 0;
    return { key: v.key, sent, hits, rate: ratio(hits, sent) };
  });
}

interface GroupRow {
  grp: 'treatment' | 'control';
  region: string | null;
  by_region: number;
  n: number;
  responders: number;
  revenue: number;
  mean: number | null;
  variance: number | null;
}

/**
 * GET /campaigns/{id}/results. ROI = (incremental revenue − cost) / cost, where incremental
 * revenue = (revenue per treatment member − revenue per control member) × treatment members (the
 * revenue the campaign caused beyond what the treatment would have spent anyway, as the control
 * shows), and cost = messages sent × costPerMessage. Null without a cost or a control.
 */
export async function campaignResults(db: DbOrTx, ws: string, c: Row) {
  const w = durationInterval(c.attribution_window);
  const launched = c.launched_at;
  const groups = await sql<GroupRow>`
    WITH mem AS (
      SELECT person_id, grp, region FROM engage_campaign_members WHERE workspace_id = ${ws} AND campaign_id = ${c.id}
    ), first AS (
      SELECT person_id, min(sent_at) AS at FROM engage_messages
      WHERE workspace_id = ${ws} AND campaign_id = ${c.id} AND sent_at IS NOT NULL GROUP BY person_id
    ), a AS (
      SELECT mem.person_id, mem.grp, mem.region,
        CASE WHEN mem.grp = 'treatment' THEN coalesce(f.at, ${launched}::timestamptz) ELSE ${launched}::timestamptz END AS at
      FROM mem LEFT JOIN first f ON f.person_id = mem.person_id
    ), per AS (
      SELECT a.grp, a.region, cv.n, coalesce(cv.revenue, 0)::float8 AS revenue
      FROM a LEFT JOIN LATERAL (
        SELECT count(*) AS n, sum(${revenueOf(c.revenue_property)}) AS revenue FROM events e
        WHERE e.workspace_id = ${ws} AND e.person_id = a.person_id AND e.event = ${c.conversion_event}
          AND e.occurred_at > a.at AND e.occurred_at <= a.at + ${w}::interval
      ) cv ON true
    )
    SELECT grp, region, grouping(region)::int AS by_region, count(*)::int AS n,
      count(*) FILTER (WHERE n > 0)::int AS responders,
      coalesce(sum(revenue), 0)::float8 AS revenue, avg(revenue)::float8 AS mean, var_samp(revenue)::float8 AS variance
    FROM per
    GROUP BY GROUPING SETS ((grp), (grp, region))
  `.execute(db);
  const total = (grp: 'treatment' | 'control') =>
    groups.rows.find((g) => g.grp === grp && Number(g.by_region) === 1) ?? {
      n: 0,
      responders: 0,
      revenue: 0,
      mean: null,
      variance: null,
    };
  const t = total('treatment');
  const k = total('control');
  const nt = Number(t.n);
  const nk = Number(k.n);
  const rt = Number(t.responders);
  const rk = Number(k.responders);
  const resp = twoProportion(rt, nt, rk, nk);
  const sample = (g: { n: number; mean: number | null; variance: number | null }) => ({
    n: Number(g.n),
    mean: Number(g.mean ?? 0),
    variance: Number(g.variance ?? 0),
  });
  const rev = welch(sample(t), sample(k));

  const msgs = await messageGroups(db, ws, c);
  const sum = (f: (g: MessageGroup) => number, gs = msgs) => gs.reduce((a, g) => a + f(g), 0);
  const sent = sum((g) => g.sent);
  const delivered = sum((g) => g.delivered);
  const opened = sum((g) => g.opened);
  const clicked = sum((g) => g.clicked);
  const revenuePerPerson = ratio(Number(t.revenue), nt);
  const controlRevenuePerPerson = ratio(Number(k.revenue), nk);
  const revenueUplift =
    revenuePerPerson !== null && controlRevenuePerPerson !== null ? revenuePerPerson - controlRevenuePerPerson : null;
  const cpm = c.cost_per_message == null ? null : Number(c.cost_per_message);
  const cost = cpm === null ? null : round2(sent * cpm);
  const roi = cost && revenueUplift !== null ? (revenueUplift * nt - cost) / cost : null;

  const regions = new Map<string, { region: string | null; t?: GroupRow; k?: GroupRow }>();
  for (const g of groups.rows.filter((x) => Number(x.by_region) === 0)) {
    const key = g.region ?? '\u0000';
    const e = regions.get(key) ?? { region: g.region };
    if (g.grp === 'treatment') e.t = g;
    else e.k = g;
    regions.set(key, e);
  }
  const byRegion = [...regions.values()]
    .map((e) => {
      const treatment = Number(e.t?.n ?? 0);
      const control = Number(e.k?.n ?? 0);
      const responders = Number(e.t?.responders ?? 0);
      const controlResponders = Number(e.k?.responders ?? 0);
      const responseRate = ratio(responders, treatment);
      const controlResponseRate = ratio(controlResponders, control);
      return {
        region: e.region,
        treatment,
        control,
        responders,
        controlResponders,
        responseRate,
        controlResponseRate,
        uplift: responseRate !== null && controlResponseRate !== null ? responseRate - controlResponseRate : null,
      };
    })
    .sort(
      (a, b) => b.treatment + b.control - (a.treatment + a.control) || String(a.region).localeCompare(String(b.region)),
    );

  const byWave = c.steps.map((_, index) => {
    const gs = msgs.filter((g) => g.step === index);
    return {
      index,
      sent: sum((g) => g.sent, gs),
      delivered: sum((g) => g.delivered, gs),
      opened: sum((g) => g.opened, gs),
      clicked: sum((g) => g.clicked, gs),
      responders: sum((g) => g.responders, gs),
    };
  });

  const metric = c.ab_test?.metric ?? 'responded';
  const variantKeys: { key: string; templateId: string }[] = [];
  for (const s of c.steps)
    for (const v of s.variants ?? [])
      if (!variantKeys.some((x) => x.key === v.key)) variantKeys.push({ key: v.key, templateId: v.templateId });
  const byVariant = variantKeys.map((v) => {
    const gs = msgs.filter((g) => g.variant === v.key);
    const x = {
      sent: sum((g) => g.sent, gs),
      opened: sum((g) => g.opened, gs),
      clicked: sum((g) => g.clicked, gs),
      responders: sum((g) => g.responders, gs),
    };
    return { key: v.key, templateId: v.templateId, ...x, rate: ratio(hitsOf(x, metric), x.sent) };
  });

  return {
    audience: c.audience ?? nt + nk,
    treatment: nt,
    control: nk,
    sent,
    responders: rt,
    responseRate: ratio(rt, nt),
    controlResponseRate: ratio(rk, nk),
    uplift: resp?.diff ?? null,
    upliftCI: resp?.ci ?? null,
    pValue: resp?.pValue ?? null,
    revenue: round2(Number(t.revenue)),
    delivered,
    opened,
    clicked,
    deliveryRate: ratio(delivered, sent),
    openRate: ratio(opened, delivered),
    clickRate: ratio(clicked, delivered),
    controlResponders: rk,
    relativeUplift: resp?.relative ?? null,
    revenuePerPerson,
    controlRevenuePerPerson,
    revenueUplift,
    revenueUpliftCI: rev?.ci ?? null,
    revenuePValue: rev?.pValue ?? null,
    cost,
    roi,
    method: { response: METHODS.response, revenue: METHODS.revenue },
    byRegion,
    byWave,
    byVariant,
    winner: c.ab_winner,
    computedAt: new Date(),
    // Beyond the contract's names (contract-16.md, Changes): how the A/B winner was chosen.
    abDecision: c.ab_decision,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
