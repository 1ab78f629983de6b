import { sql } from 'kysely';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';
import type { DemoSeeder } from '../core/module.ts';
import { seededRandom } from '../core/seeded-random.ts';
import type { EngageKernel } from './kernel.ts';
import { eventName } from './ledger.ts';

/**
 * Messaging in the demo (story 1, "Аптека Плюс"): the channels a pharmacy chain runs (they point at
 * hosts of the demo's own domain, so nothing leaves the machine: "test connection" says why), the
 * templates Ольга starts from in RU and EN, her SMS campaign's broadcast as a draft for her
 * segment, and last month's vitamin mailing, finished, with a delivery history that the log, the
 * analytics and the people's timelines show. Runs at `demo.finish`: the segments exist by then.
 */
const VITAMINS_MJML = `<mjml>
  <mj-body background-color="#f4f6f8">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">{{ person.firstName | default: "Здравствуйте" }}, витаминная неделя в Аптеке Плюс</mj-text>
        <mj-text font-size="15px">До воскресенья — скидка 15 % на витамины и омега-3 в аптеках {{ person.traits.city | default: "вашего города" }} и на сайте.</mj-text>
        <mj-button background-color="#2f9e44" href="https://apteka-plus.example/vitamins">Выбрать витамины</mj-button>
        <mj-text font-size="11px" color="#868e96">Вы получили это письмо как участник программы лояльности. <a href="{{ unsubscribe_url }}">Отписаться</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
const VITAMINS_MJML_EN = VITAMINS_MJML.replace(
  '{{ person.firstName | default: "Здравствуйте" }}, витаминная неделя в Аптеке Плюс',
  '{{ person.firstName | default: "Hello" }}, it is vitamin week at Apteka Plus',
)
  .replace(
    'До воскресенья — скидка 15 % на витамины и омега-3 в аптеках {{ person.traits.city | default: "вашего города" }} и на сайте.',
    'Until Sunday: 15% off vitamins and omega-3 in our {{ person.traits.city | default: "local" }} stores and online.',
  )
  .replace('Выбрать витамины', 'Choose vitamins')
  .replace(
    'Вы получили это письмо как участник программы лояльности. <a href="{{ unsubscribe_url }}">Отписаться</a>',
    'You receive this as a loyalty member. <a href="{{ unsubscribe_url }}">Unsubscribe</a>',
  );

const DAY = 86_400_000;

export const seedEngageDemo: DemoSeeder<EngageKernel> = async (k, { workspaceId: ws, log, now }) => {
  const existing = await k.db
    .selectFrom('engage_channels')
    .select('id')
    .where('workspace_id', '=', ws)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const actor = systemActor(ws, 'demo');
  const e = k.engage;

  const email = await e.channels.create(actor, {
    type: 'email',
    name: 'Рассылки Аптеки Плюс (SMTP)',
    config: {
      host: 'smtp.apteka-plus.example',
      port: 587,
      secure: false,
      from: 'Аптека Плюс <news@apteka-plus.example>',
      user: 'news@apteka-plus.example',
      password: 'demo-password',
    },
  });
  const sms = await e.channels.create(actor, {
    type: 'sms',
    name: 'SMS-шлюз',
    config: {
      transport: 'http',
      url: 'https://sms.apteka-plus.example/api/send',
      token: 'demo-token',
      from: 'APTEKA+',
    },
  });
  await e.channels.create(actor, {
    type: 'telegram',
    name: 'Телеграм-бот Аптеки Плюс',
    config: { baseUrl: 'https://api.telegram.org', botToken: '100000001:demo-token-not-real' },
  });

  const vitamins = await e.templates.create(actor, {
    channel: 'email',
    name: 'Витаминная неделя',
    subject: '{{ person.firstName | default: "Друзья" }}, −15 % на витамины до воскресенья',
    body: VITAMINS_MJML,
    kind: 'marketing',
    variants: {
      en: {
        subject: '{{ person.firstName | default: "Friends" }}, 15% off vitamins until Sunday',
        body: VITAMINS_MJML_EN,
      },
    },
  });
  const buy2 = await e.templates.create(actor, {
    channel: 'sms',
    name: 'Купи 2 — третий в подарок',
    body: 'Аптека Плюс: купите 2 упаковки витаминов — третья в подарок, до {{ data.until | default: "конца месяца" }}. Отказ: СТОП',
    kind: 'marketing',
  });
  await e.templates.create(actor, {
    channel: 'messenger',
    name: 'С днём рождения: 500 бонусов',
    body: '{{ person.firstName | default: "Друг" }}, с днём рождения! Дарим 500 бонусных баллов — они уже на вашей карте. Ваша Аптека Плюс',
    kind: 'marketing',
    variants: {
      en: {
        body: 'Happy birthday, {{ person.firstName | default: "friend" }}! 500 bonus points are on your card. Apteka Plus',
      },
    },
  });

  const segments = await k.segments.list(ws);
  const olga = segments.find((s) => s.name.startsWith('Витамины 2+'));
  const moscow = segments.find((s) => s.name === 'Москва: покупатели');
  if (olga)
    await e.broadcasts.create(actor, {
      name: 'Купи 2 — третий в подарок (SMS, Поволжье)',
      segmentId: olga.id,
      channelId: sms.id,
      templateId: buy2.id,
    });
  if (!moscow) return;

  // Last month's mailing: finished, with the delivery history real sends leave behind.
  const past = await e.broadcasts.create(actor, {
    name: 'Витаминная неделя (ноябрь)',
    segmentId: moscow.id,
    channelId: email.id,
    templateId: vitamins.id,
  });
  const people: string[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await k.segments.members(ws, moscow.id, { limit: 1000, cursor });
    people.push(...page.data.map((m) => m.personId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const emails = await k.db
    .selectFrom('identities')
    .select(['person_id', 'value'])
    .where('workspace_id', '=', ws)
    .where('kind', '=', 'email')
    .where('person_id', 'in', people.length ? people : ['00000000-0000-0000-0000-000000000000'])
    .execute();
  const emailOf = new Map(emails.map((r) => [r.person_id, r.value]));
  const rnd = seededRandom(1506);
  const start = now - 24 * DAY;
  const messages: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const timeline: { personId: string; event: string; at: Date; messageId: string; type: string; url?: string }[] = [];
  const suppress: string[] = [];
  const step = (id: string, personId: string, type: string, at: number, url?: string) => {
    history.push({ id: newId(), message_id: id, type, detail: url ? { url } : {}, at: new Date(at).toISOString() });
    timeline.push({ personId, event: eventName(type, 'email')!, at: new Date(at), messageId: id, type, url });
  };
  for (const [i, personId] of people.entries()) {
    const address = emailOf.get(personId);
    if (!address) continue;
    const id = newId();
    const sent = start + i * 40; // 25 messages a second
    const m: Record<string, unknown> = {
      id,
      person_id: personId,
      address,
      status: 'sent',
      sent_at: new Date(sent).toISOString(),
    };
    step(id, personId, 'sent', sent);
    if (rnd.chance(0.025)) {
      const at = sent + rnd.int(2, 600) * 1000;
      Object.assign(m, { status: 'bounced', bounced_at: new Date(at).toISOString(), reason: 'smtp_550' });
      step(id, personId, 'bounced', at);
      if (rnd.chance(0.6)) suppress.push(address);
    } else {
      const delivered = sent + rnd.int(1, 30) * 1000;
      Object.assign(m, { status: 'delivered', delivered_at: new Date(delivered).toISOString() });
      step(id, personId, 'delivered', delivered);
      if (rnd.chance(0.38)) {
        const opened = delivered + rnd.int(60, 3 * 86_400) * 1000;
        Object.assign(m, { status: 'opened', opened_at: new Date(opened).toISOString() });
        step(id, personId, 'opened', opened);
        if (rnd.chance(0.24)) {
          const clicked = opened + rnd.int(5, 600) * 1000;
          Object.assign(m, { status: 'clicked', clicked_at: new Date(clicked).toISOString() });
          step(id, personId, 'clicked', clicked, 'https://apteka-plus.example/vitamins');
        }
        if (rnd.chance(0.015)) {
          const at = opened + rnd.int(5, 900) * 1000;
          m.unsubscribed_at = new Date(at).toISOString();
          step(id, personId, 'unsubscribed', at);
        }
      }
    }
    messages.push(m);
  }
  await k.db.transaction().execute(async (trx) => {
    for (let i = 0; i < messages.length; i += 2000) {
      const chunk = messages.slice(i, i + 2000);
      await sql`
        INSERT INTO engage_messages (workspace_id, id, idempotency_key, person_id, channel_id, channel_type, template_id,
          template_version, broadcast_id, kind, status, reason, address, subject, created_at, updated_at, sent_at,
          delivered_at, opened_at, clicked_at, bounced_at, unsubscribed_at)
        SELECT ${ws}, x.id, 'bc:' || ${past.id}::text || ':' || x.person_id::text, x.person_id, ${email.id}, 'email',
          ${vitamins.id}, 1, ${past.id}, 'marketing', x.status, x.reason, x.address, 'Витаминная неделя',
          x.sent_at, coalesce(x.clicked_at, x.opened_at, x.delivered_at, x.bounced_at, x.sent_at), x.sent_at,
          x.delivered_at, x.opened_at, x.clicked_at, x.bounced_at, x.unsubscribed_at
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(id uuid, person_id uuid, address text, status text,
          reason text, sent_at timestamptz, delivered_at timestamptz, opened_at timestamptz, clicked_at timestamptz,
          bounced_at timestamptz, unsubscribed_at timestamptz)
      `.execute(trx);
    }
    for (let i = 0; i < history.length; i += 5000)
      await sql`
        INSERT INTO engage_message_events (workspace_id, id, message_id, type, detail, occurred_at)
        SELECT ${ws}, x.id, x.message_id, x.type, x.detail, x.at
        FROM jsonb_to_recordset(${JSON.stringify(history.slice(i, i + 5000))}::jsonb)
          AS x(id uuid, message_id uuid, type text, detail jsonb, at timestamptz)
      `.execute(trx);
    for (let i = 0; i < timeline.length; i += 5000)
      await k.cdp.directory.appendEvents(
        trx,
        ws,
        timeline.slice(i, i + 5000).map((t) => ({
          personId: t.personId,
          type: 'message',
          event: t.event,
          properties: {
            messageId: t.messageId,
            channelId: email.id,
            channelType: 'email',
            templateId: vitamins.id,
            broadcastId: past.id,
            ...(t.url ? { url: t.url } : {}),
          },
          occurredAt: t.at,
          messageId: `msg:${t.messageId}:${t.type}`,
        })),
      );
    if (suppress.length)
      await sql`
        INSERT INTO engage_suppressions (workspace_id, channel, address, reason, detail, created_at)
        SELECT ${ws}, 'email', a, 'hard_bounce', '550 5.1.1 mailbox unavailable', ${new Date(start + DAY)}
        FROM unnest(${suppress}::text[]) AS a ON CONFLICT DO NOTHING
      `.execute(trx);
    await trx
      .updateTable('engage_broadcasts')
      .set({
        status: 'finished',
        total: messages.length,
        queued: messages.length,
        started_at: new Date(start),
        finished_at: new Date(start + messages.length * 40 + 60_000),
        created_at: new Date(start - DAY),
        updated_at: new Date(start + messages.length * 40 + 60_000),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', past.id)
      .execute();
  });
  log(`messaging: 3 channels, 3 templates, 2 broadcasts (${messages.length} messages of the November mailing)`);
};
