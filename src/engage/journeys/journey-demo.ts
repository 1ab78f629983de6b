import { systemActor } from '../../core/auth/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { DemoSeeder } from '../../core/module.ts';
import type { EngageKernel } from '../kernel.ts';
import type { JourneyDefinition } from './definition.ts';

const BIRTHDAY = 'День рождения: 500 баллов и поздравление в Телеграме';
const RETENTION = 'Ценный клиент уходит: звонок для удержания';
const AT_RISK = 'Ценные, но уходят: выручка от 10 000 ₽, нет заказов 60 дней';

/**
 * The two journeys of the scenarios, published (active):
 * - "Birthday: 500 points and a Telegram greeting": entry on the `birthday` trait (09:00 in the
 *   person's zone), 500 bonus points, then the birthday template on the Telegram channel (the
 *   email channel with a greeting template when the workspace has no Telegram channel);
 * - "At-risk high-value client: retention call": entry on a segment of valuable customers who
 *   stopped buying (created here when missing), a task "Позвонить: удержание" for the person's
 *   owner, a week's wait, then a branch on an order in that week (returned: a trait; not: 300
 *   points as a last offer). People already in the segment enter now.
 * Idempotent: a workspace that has either journey is left as it is.
 */
export const seedJourneysDemo: DemoSeeder<EngageKernel> = async (k, { workspaceId: ws, log }) => {
  const existing = await k.db
    .selectFrom('engage_journeys')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('name', 'in', [BIRTHDAY, RETENTION])
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const actor = systemActor(ws, 'demo');
  const channels = await k.db
    .selectFrom('engage_channels')
    .select(['id', 'type'])
    .where('workspace_id', '=', ws)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  const templates = await k.db
    .selectFrom('engage_templates')
    .select(['id', 'name', 'channel'])
    .where('workspace_id', '=', ws)
    .where('archived_at', 'is', null)
    .execute();
  const telegram = channels.find((c) => c.type === 'telegram');
  const email = channels.find((c) => c.type === 'email');
  // Traits the loyalty demo identified (birthdays) are folded before the date-trait check.
  await k.cdp.settled(ws);

  const publish = async (name: string, description: string, definition: JourneyDefinition) => {
    const j = await k.engage.journeys.create(actor, { name, description, definition });
    try {
      await k.engage.journeys.publish(actor, j.id);
      return true;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      log(`journey "${name}" left as a draft: ${e.message}`);
      return false;
    }
  };

  // ---- birthday
  let greeting: { channelId: string; templateId: string } | null = null;
  const messenger = templates.find((t) => t.channel === 'messenger' && t.name.startsWith('С днём рождения'));
  if (telegram && messenger) greeting = { channelId: telegram.id, templateId: messenger.id };
  else if (email) {
    const t =
      templates.find((x) => x.channel === 'email' && x.name === 'С днём рождения (письмо)') ??
      (await k.engage.templates.create(actor, {
        channel: 'email',
        name: 'С днём рождения (письмо)',
        subject: '{{ person.firstName | default: "Друг" }}, с днём рождения!',
        body: '<p>{{ person.firstName | default: "Друг" }}, с днём рождения! Дарим 500 бонусных баллов — они уже на вашей карте.</p>',
        format: 'html',
        kind: 'marketing',
        variants: {
          en: {
            subject: 'Happy birthday, {{ person.firstName | default: "friend" }}!',
            body: '<p>Happy birthday, {{ person.firstName | default: "friend" }}! 500 bonus points are on your card.</p>',
          },
        },
      }));
    greeting = { channelId: email.id, templateId: t.id };
  }
  const birthdaySteps: JourneyDefinition['steps'] = [
    { id: 'points', type: 'give_points', points: 500, reason: 'День рождения', ui: { x: 0, y: 120 } },
  ];
  if (greeting) birthdaySteps.push({ id: 'greeting', type: 'send', ...greeting, ui: { x: 0, y: 240 } });
  const birthday = await publish(
    BIRTHDAY,
    'Каждому в день рождения в 09:00 по его времени: 500 баллов и поздравление',
    {
      entry: { dateTrait: 'birthday', at: '09:00' },
      reentry: { mode: 'always' },
      steps: birthdaySteps,
    },
  );

  // ---- at-risk high-value clients
  const segments = await k.segments.list(ws);
  let atRisk = segments.find((s) => s.name === AT_RISK);
  if (!atRisk) {
    atRisk = await k.segments.create(actor, {
      name: AT_RISK,
      description: 'Крупные покупатели (выручка от 10 000 ₽), которые не заказывали 60 дней',
      rule: {
        all: [{ computed: 'revenue', op: 'gte', value: 10_000 }, { not: { event: 'Order Completed', within: '60d' } }],
      },
    });
    // Computed now, before the journey is active: its members enter below, once.
    await k.segments.recompute(ws, atRisk.id);
  }
  const retention = await publish(
    RETENTION,
    'Задача владельцу клиента позвонить; через неделю — вернулся ли он с заказом',
    {
      entry: { segment: atRisk.id },
      goal: { event: 'Order Completed', within: '14d' },
      controlPercent: 10,
      reentry: { mode: 'after', after: '90d' },
      steps: [
        {
          id: 'call',
          type: 'create_task',
          title: 'Позвонить: удержание',
          dueIn: '2d',
          note: 'Ценный клиент не покупал 60 дней: узнать причину, предложить персональную скидку',
          ui: { x: 0, y: 120 },
        },
        { id: 'week', type: 'wait', duration: '7d', ui: { x: 0, y: 240 } },
        {
          id: 'ordered',
          type: 'branch',
          rule: { event: 'Order Completed', within: '7d' },
          yes: 'returned',
          no: 'offer',
          ui: { x: 0, y: 360 },
        },
        {
          id: 'returned',
          type: 'update_trait',
          trait: 'retention',
          value: 'returned',
          next: 'end',
          ui: { x: -160, y: 480 },
        },
        {
          id: 'offer',
          type: 'give_points',
          points: 300,
          reason: 'Удержание: баллы за возвращение',
          ui: { x: 160, y: 480 },
        },
      ],
    },
  );
  if (retention) {
    // People in the segment now enter too (later ones enter as they join it).
    const j = (await k.engage.journeys.list(ws, { q: RETENTION, limit: 1 })).data[0];
    const members: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await k.segments.members(ws, atRisk!.id, { limit: 500, cursor });
      members.push(...page.data.map((m: { personId: string }) => m.personId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && members.length < 5000);
    if (members.length && j?.version) {
      const def = j.definition;
      await k.db.transaction().execute((trx) =>
        k.engage.journeys.runtime.entries.enter(
          trx,
          ws,
          { id: j.id, name: j.name, version: j.version!, def },
          members.map((personId) => ({ personId })),
        ),
      );
    }
    log(`journeys: "${RETENTION}" published, ${members.length} at-risk clients entered`);
  }
  if (birthday) log(`journeys: "${BIRTHDAY}" published`);
};
