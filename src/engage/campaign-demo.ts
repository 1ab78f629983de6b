import { sql } from 'kysely';
import { systemActor } from '../core/auth/actor.ts';
import type { DemoSeeder } from '../core/module.ts';
import { newId } from '../core/ids.ts';
import { seededRandom, type SeededRandom } from '../core/seeded-random.ts';
import type { EngageKernel } from './kernel.ts';
import { isControl, variantOf } from './campaign-audience.ts';
import { eventName } from './ledger.ts';
import type { ChannelType } from './tables.ts';
import type { CampaignVariant } from './campaign-tables.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** One past campaign of the story, with the effect planted in it. */
interface Plan {
  name: string;
  goal: string;
  /** Picks the target among the demo's segments (by name). */
  segment: (names: string[]) => string | undefined;
  controlPercent: number;
  steps: {
    channel: 'email' | 'sms';
    template: string;
    delay?: string;
    variants?: { key: string; template: string }[];
  }[];
  /** Days before the demo's now. */
  launchedDaysAgo: number;
  costPerMessage: number;
  /** The planted truth: conversion rates in the window, treatment and control. */
  rates: { treatment: number; control: number };
  /** Open rate of email per variant key ('' = no variant). */
  openRate: Record<string, number>;
}

const PLANS: Plan[] = [
  {
    name: 'Осенняя профилактика: витамины и иммунитет',
    goal: 'Повторные покупки витаминов перед сезоном простуд',
    segment: (names) => names.find((n) => n.startsWith('Крупные')) ?? names[0],
    controlPercent: 20,
    steps: [
      { channel: 'email', template: 'Витаминная неделя' },
      { channel: 'sms', template: 'Купи 2 — третий в подарок', delay: '2d' },
    ],
    launchedDaysAgo: 95,
    costPerMessage: 0.9,
    rates: { treatment: 0.18, control: 0.12 },
    openRate: { '': 0.34 },
  },
  {
    name: 'Двойные баллы на выходных (A/B темы письма)',
    goal: 'Средний чек выше за счёт бонусов',
    segment: (names) => names.find((n) => n.startsWith('Москва')) ?? names[0],
    controlPercent: 10,
    steps: [
      {
        channel: 'email',
        template: 'Двойные баллы: тема A',
        variants: [
          { key: 'A', template: 'Двойные баллы: тема A' },
          { key: 'B', template: 'Двойные баллы: тема B' },
        ],
      },
    ],
    launchedDaysAgo: 85,
    costPerMessage: 0.35,
    rates: { treatment: 0.16, control: 0.11 },
    openRate: { A: 0.27, B: 0.39 },
  },
  {
    name: 'Засыпающие: вернуть бонусами',
    goal: 'Вернуть покупателей без заказов 60 дней',
    segment: (names) => names.find((n) => n.startsWith('Засыпающие')) ?? names[0],
    controlPercent: 25,
    steps: [{ channel: 'sms', template: 'Купи 2 — третий в подарок' }],
    launchedDaysAgo: 100,
    costPerMessage: 2.5,
    rates: { treatment: 0.12, control: 0.06 },
    openRate: {},
  },
];

/** Exactly round(n × rate) of `xs`, chosen by the seeded generator. */
function pickShare<T>(xs: T[], rate: number, rnd: SeededRandom): Set<T> {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return new Set(a.slice(0, Math.round(a.length * rate)));
}

/**
 * Past campaigns of the pharmacy story (issue 16), finished, each with a PLANTED true effect:
 * members split treatment/control by the campaigns' own hash, the treatment's messages recorded
 * as sent, delivered, opened and clicked, and `Order Completed` conversions (with revenue) planted
 * within the attribution window at a higher rate for the treatment (e.g. 18 % against 12 %) — so
 * the results dashboard shows a real uplift with its interval. Fixed seed; bulk SQL. The orders
 * are planted only for members who order again later anyway, so no story and no segment changes.
 */
export const seedCampaignsDemo: DemoSeeder<EngageKernel> = async (k, { workspaceId: ws, log, now }) => {
  const existing = await k.db
    .selectFrom('engage_campaigns')
    .select('id')
    .where('workspace_id', '=', ws)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const channels = await k.db
    .selectFrom('engage_channels')
    .select(['id', 'type'])
    .where('workspace_id', '=', ws)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  const channelOf = (type: string) => channels.find((c) => c.type === type)?.id;
  if (!channelOf('email') || !channelOf('sms')) return;
  const actor = systemActor(ws, 'demo');
  const templates = new Map(
    (
      await k.db
        .selectFrom('engage_templates')
        .select(['id', 'name'])
        .where('workspace_id', '=', ws)
        .where('archived_at', 'is', null)
        .execute()
    ).map((t) => [t.name, t.id]),
  );
  for (const [name, subject] of [
    ['Двойные баллы: тема A', 'Двойные баллы в субботу и воскресенье'],
    ['Двойные баллы: тема B', '{{ person.firstName | default: "Друзья" }}, ваши баллы ×2 — только в эти выходные'],
  ])
    if (!templates.has(name))
      templates.set(
        name,
        (
          await k.engage.templates.create(actor, {
            channel: 'email',
            name,
            subject,
            body: '<p>{{ person.firstName | default: "Здравствуйте" }}! В субботу и воскресенье — двойные бонусные баллы за любые покупки в Аптеке Плюс.</p>',
            format: 'html',
            kind: 'marketing',
          })
        ).id,
      );
  const segments = await k.segments.list(ws);
  const segmentId = (name: string | undefined) => segments.find((s) => s.name === name)?.id;
  const names = segments.filter((s) => s.size > 0).map((s) => s.name);
  const source = await k.cdp.directory.internalSource(k.db, ws);
  const rnd = seededRandom(1616);
  let planted = 0;
  let made = 0;

  for (const plan of PLANS) {
    const seg = segmentId(plan.segment(names));
    const steps = plan.steps.map((s) => ({
      channelId: channelOf(s.channel)!,
      templateId: templates.get(s.template),
      delay: s.delay ?? null,
      variants: s.variants?.map((v) => ({ key: v.key, templateId: templates.get(v.template)!, share: 50 })) ?? null,
    }));
    if (!seg || steps.some((s) => !s.templateId)) continue;
    const launchedAt = now - plan.launchedDaysAgo * DAY;
    const c = await k.engage.campaigns.create(actor, {
      name: plan.name,
      goal: plan.goal,
      segmentId: seg,
      controlPercent: plan.controlPercent,
      steps: steps.map((s) => ({ ...s, templateId: s.templateId! })),
      conversionEvent: 'Order Completed',
      attributionWindow: '7d',
      costPerMessage: plan.costPerMessage,
      budget: 50_000,
      geography: { regions: [] },
    });
    const people = await sql<{ person_id: string; region: string | null }>`
      SELECT sm.person_id, nullif(coalesce(p.traits->>'region', p.traits#>>'{address,region}'), '') AS region
      FROM segment_members sm JOIN persons p ON p.workspace_id = sm.workspace_id AND p.id = sm.person_id AND p.merged_into IS NULL
      WHERE sm.workspace_id = ${ws} AND sm.segment_id = ${seg} AND sm.exited_at IS NULL ORDER BY sm.person_id
    `.execute(k.db);
    const abVariants: CampaignVariant[] | null = steps.find((s) => s.variants)?.variants ?? null;
    const members = people.rows.map((p) => {
      const control = isControl(c.id, p.person_id, plan.controlPercent);
      return {
        person_id: p.person_id,
        grp: control ? 'control' : 'treatment',
        variant: !control && abVariants ? variantOf(c.id, p.person_id, abVariants).key : null,
        region: p.region,
      };
    });
    const messages: Record<string, unknown>[] = [];
    const firstSent = new Map<string, number>();
    for (const [i, m] of members.filter((x) => x.grp === 'treatment').entries())
      for (const [si, s] of plan.steps.entries()) {
        const sent = launchedAt + (s.delay ? Number.parseInt(s.delay, 10) * DAY : 0) + i * 40;
        if (si === 0) firstSent.set(m.person_id, sent);
        const st = steps[si];
        const variant = st.variants ? m.variant : null;
        const templateId = st.variants ? st.variants.find((v) => v.key === variant)!.templateId : st.templateId!;
        const row: Record<string, unknown> = {
          id: newId(),
          person_id: m.person_id,
          channel_id: st.channelId,
          channel_type: s.channel,
          template_id: templateId,
          step: si,
          variant,
          status: 'sent',
          sent_at: new Date(sent).toISOString(),
        };
        if (rnd.chance(0.96)) {
          const delivered = sent + rnd.int(2, 60) * 1000;
          Object.assign(row, { status: 'delivered', delivered_at: new Date(delivered).toISOString() });
          if (s.channel === 'email' && rnd.chance(plan.openRate[variant ?? ''] ?? 0.3)) {
            const opened = delivered + rnd.int(60, 2 * 86_400) * 1000;
            Object.assign(row, { status: 'opened', opened_at: new Date(opened).toISOString() });
            if (rnd.chance(0.25))
              Object.assign(row, {
                status: 'clicked',
                clicked_at: new Date(opened + rnd.int(5, 600) * 1000).toISOString(),
              });
          }
        } else
          Object.assign(row, {
            status: 'bounced',
            reason: 'smtp_550',
            bounced_at: new Date(sent + 5000).toISOString(),
          });
        messages.push(row);
      }
    // The planted truth: each group's share converts within the window after its anchor — the
    // members' own orders of the demo's history count too, so the plan tops them up to its rates
    // (or, where the history already buys more, to the history's control rate plus the plan's uplift).
    const anchorOf = (m: { person_id: string; grp: string }) =>
      m.grp === 'treatment' ? (firstSent.get(m.person_id) ?? launchedAt) : launchedAt;
    // Orders are planted only for members who order again after the window anyway: a planted order
    // is never anyone's last, so nobody's story changes (a churner still stops; "no orders in 60
    // days" still holds) — which is also why every campaign launched at most 100 days ago.
    const history = await sql<{ person_id: string; natural: boolean; later: boolean }>`
      SELECT x.person_id,
        EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = ${ws} AND e.person_id = x.person_id
          AND e.event = 'Order Completed' AND e.occurred_at > x.at AND e.occurred_at <= x.at + interval '7 days') AS natural,
        EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = ${ws} AND e.person_id = x.person_id
          AND e.event = 'Order Completed' AND e.occurred_at > x.at + interval '7 days') AS later
      FROM jsonb_to_recordset(${JSON.stringify(
        members.map((m) => ({ person_id: m.person_id, at: new Date(anchorOf(m)).toISOString() })),
      )}::jsonb) AS x(person_id uuid, at timestamptz)
    `.execute(k.db);
    const natural = new Set(history.rows.filter((r) => r.natural).map((r) => r.person_id));
    const orderLater = new Set(history.rows.filter((r) => r.later).map((r) => r.person_id));
    const rateOf = (grp: string) => {
      const g = members.filter((m) => m.grp === grp);
      return g.length ? g.filter((m) => natural.has(m.person_id)).length / g.length : 0;
    };
    const controlTarget = Math.max(plan.rates.control, rateOf('control'));
    const target = {
      control: controlTarget,
      treatment: Math.max(rateOf('treatment'), controlTarget + plan.rates.treatment - plan.rates.control),
    };
    const orders: Record<string, unknown>[] = [];
    for (const grp of ['treatment', 'control'] as const) {
      const inGroup = members.filter((m) => m.grp === grp);
      const missing = Math.max(
        0,
        Math.round(inGroup.length * target[grp]) - inGroup.filter((m) => natural.has(m.person_id)).length,
      );
      const others = inGroup.filter((m) => !natural.has(m.person_id) && orderLater.has(m.person_id));
      const converts = pickShare(others, others.length ? missing / others.length : 0, rnd);
      for (const m of converts) {
        const anchor = anchorOf(m);
        const at = anchor + rnd.int(2 * HOUR, 6 * DAY + 12 * HOUR);
        const revenue = rnd.int(6, 42) * 100 - 10;
        orders.push({
          id: newId(),
          mid: `demo-campaign:${c.id}:${m.person_id}`,
          person_id: m.person_id,
          at: new Date(at).toISOString(),
          properties: {
            order_id: `CP-${c.id.slice(-6)}-${orders.length + 1}`,
            revenue,
            currency: 'RUB',
            channel: rnd.chance(0.6) ? 'store' : 'web',
            region: m.region,
            campaign: plan.name,
          },
        });
      }
    }
    const finishedAt = launchedAt + 14 * DAY;
    await k.db.transaction().execute(async (trx) => {
      for (let i = 0; i < members.length; i += 2000)
        await sql`
          INSERT INTO engage_campaign_members (workspace_id, campaign_id, person_id, grp, variant, region, entered_at)
          SELECT ${ws}, ${c.id}, x.person_id, x.grp, x.variant, x.region, ${new Date(launchedAt)}
          FROM jsonb_to_recordset(${JSON.stringify(members.slice(i, i + 2000))}::jsonb)
            AS x(person_id uuid, grp text, variant text, region text)
        `.execute(trx);
      for (let i = 0; i < messages.length; i += 2000)
        await sql`
          INSERT INTO engage_messages (workspace_id, id, idempotency_key, person_id, channel_id, channel_type, template_id,
            template_version, kind, status, reason, created_at, updated_at, sent_at, delivered_at, opened_at, clicked_at,
            bounced_at, campaign_id, campaign_step, variant)
          SELECT ${ws}, x.id, 'cp:' || ${c.id}::text || ':' || x.step::text || ':' || x.person_id::text, x.person_id,
            x.channel_id, x.channel_type, x.template_id, 1, 'marketing', x.status, x.reason, x.sent_at,
            coalesce(x.clicked_at, x.opened_at, x.delivered_at, x.bounced_at, x.sent_at), x.sent_at, x.delivered_at,
            x.opened_at, x.clicked_at, x.bounced_at, ${c.id}, x.step, x.variant
          FROM jsonb_to_recordset(${JSON.stringify(messages.slice(i, i + 2000))}::jsonb) AS x(id uuid, person_id uuid,
            channel_id uuid, channel_type text, template_id uuid, step int, variant text, status text, reason text,
            sent_at timestamptz, delivered_at timestamptz, opened_at timestamptz, clicked_at timestamptz, bounced_at timestamptz)
        `.execute(trx);
      // Each message's history and the persons' timeline entries, as real sends leave them.
      const steps = messages.flatMap((m) =>
        (['sent', 'delivered', 'bounced', 'opened', 'clicked'] as const)
          .filter((t) => m[`${t}_at`])
          .map((t) => ({ m, t, at: String(m[`${t}_at`]) })),
      );
      for (let i = 0; i < steps.length; i += 5000) {
        const chunk = steps.slice(i, i + 5000);
        await sql`
          INSERT INTO engage_message_events (workspace_id, id, message_id, type, detail, occurred_at)
          SELECT ${ws}, x.id, x.message_id, x.type, '{}'::jsonb, x.at
          FROM jsonb_to_recordset(${JSON.stringify(chunk.map((x) => ({ id: newId(), message_id: x.m.id, type: x.t, at: x.at })))}::jsonb)
            AS x(id uuid, message_id uuid, type text, at timestamptz)
        `.execute(trx);
        await k.cdp.directory.appendEvents(
          trx,
          ws,
          chunk.map((x) => ({
            personId: String(x.m.person_id),
            type: 'message',
            event: eventName(x.t, x.m.channel_type as ChannelType)!,
            properties: {
              messageId: x.m.id,
              channelId: x.m.channel_id,
              channelType: x.m.channel_type,
              templateId: x.m.template_id,
              campaignId: c.id,
            },
            occurredAt: new Date(x.at),
            messageId: `msg:${x.m.id}:${x.t}`,
          })),
        );
      }
      for (let i = 0; i < orders.length; i += 2000)
        await sql`
          INSERT INTO events (workspace_id, id, message_id, type, event, person_id, source_id, origin, occurred_at, received_at, properties)
          SELECT ${ws}, x.id, x.mid, 'track', 'Order Completed', x.person_id, ${source}, 'first', x.at, x.at, x.properties
          FROM jsonb_to_recordset(${JSON.stringify(orders.slice(i, i + 2000))}::jsonb)
            AS x(id uuid, mid text, person_id uuid, at timestamptz, properties jsonb)
          ON CONFLICT (workspace_id, message_id) DO NOTHING
        `.execute(trx);
      const winner = abVariants ? 'B' : null;
      await trx
        .updateTable('engage_campaigns')
        .set({
          status: 'finished',
          approved_by: 'Ольга Смирнова',
          approved_at: new Date(launchedAt - DAY),
          launched_by: 'Ольга Смирнова',
          launched_at: new Date(launchedAt),
          finished_at: new Date(finishedAt),
          enumerated_at: new Date(launchedAt),
          audience: members.length,
          ab_winner: winner,
          created_at: new Date(launchedAt - 3 * DAY),
          updated_at: new Date(finishedAt),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', c.id)
        .execute();
    });
    planted += orders.length;
    made++;
  }
  log(`campaigns: ${made} past campaigns with control groups (${planted} conversions planted, treatment ahead)`);
};
