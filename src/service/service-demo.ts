import { systemActor } from '../core/auth/actor.ts';
import type { DemoSeeder, DemoUser } from '../core/module.ts';
import { newId } from '../core/ids.ts';
import { seededRandom } from '../core/seeded-random.ts';
import type { ServiceKernel } from './kernel.ts';
import type { ConversationStatus, InboxChannel, Priority } from './tables.ts';
import { nextNumber } from './conversations-store.ts';

/** The contact centre of Восход Банк (two agents are core's demo users; these join them). */
export const SERVICE_DEMO_USERS: DemoUser[] = [
  { email: 'natalia.belova@voskhod-bank.ru', name: 'Наталья Белова', role: 'agent', locale: 'ru' },
  { email: 'sergey.kim@voskhod-bank.ru', name: 'Сергей Ким', role: 'agent', locale: 'ru' },
];
const AGENTS = ['elena.sokolova', 'ivan.morozov', 'natalia.belova', 'sergey.kim'].map((l) => `${l}@voskhod-bank.ru`);

interface Story {
  topic: string;
  team: 'cards' | 'loans';
  subject: string;
  client: string[];
  agent: string[];
  priority?: Priority;
  tags?: string[];
}

/** What clients of a bank write about, and what the agents answer (a turn each, in order). */
const STORIES: Story[] = [
  {
    topic: 'card_blocked',
    team: 'cards',
    subject: 'Заблокирована карта',
    client: [
      'Здравствуйте, карта заблокирована после ввода ПИН-кода. Что делать?',
      'Спасибо, а когда можно будет расплачиваться?',
    ],
    agent: [
      'Здравствуйте! Карта заблокирована на сутки после трёх неверных ПИН-кодов. Разблокируем сейчас.',
      'Уже можно: блокировка снята.',
    ],
  },
  {
    topic: 'fraud',
    team: 'cards',
    subject: 'Подозрительное списание',
    client: ['Списали 12 400 ₽ в магазине, где я не был! Это мошенники?', 'Карту перевыпустите, пожалуйста.'],
    agent: [
      'Карта заблокирована, операция оспорена. Заявление зарегистрировано.',
      'Перевыпуск заказан, карта будет в отделении через 5 дней.',
    ],
    priority: 'urgent',
    tags: ['fraud'],
  },
  {
    topic: 'sms_code',
    team: 'cards',
    subject: 'Не приходит SMS с кодом',
    client: ['Не приходит код подтверждения для оплаты в интернете', 'Пришёл, спасибо'],
    agent: ['Проверили: номер верный, отправили код повторно. Подождите пару минут.', 'Рады помочь!'],
  },
  {
    topic: 'cashback',
    team: 'cards',
    subject: 'Не начислен кешбэк',
    client: ['За прошлый месяц не пришёл кешбэк за АЗС', 'Понял, подожду'],
    agent: [
      'Кешбэк начисляется до 10 числа следующего месяца. Проверим начисление.',
      'Начисление прошло 10-го, 842 ₽ на бонусном счёте.',
    ],
  },
  {
    topic: 'mortgage',
    team: 'loans',
    subject: 'Досрочное погашение ипотеки',
    client: [
      'Хочу частично досрочно погасить ипотеку. Как уменьшить срок, а не платёж?',
      'А заявление можно подать в приложении?',
    ],
    agent: [
      'Подайте заявление за 1 день до платежа и выберите «уменьшить срок».',
      'Да, раздел «Кредиты» → «Досрочное погашение».',
    ],
    priority: 'high',
  },
  {
    topic: 'deposit',
    team: 'loans',
    subject: 'Вклад: продление',
    client: ['Вклад заканчивается в пятницу. Продлится автоматически?', 'Ставка будет та же?'],
    agent: [
      'Да, вклад пролонгируется на тот же срок.',
      'По действующей на день продления ставке: сейчас 16 % годовых.',
    ],
  },
  {
    topic: 'loan_statement',
    team: 'loans',
    subject: 'Справка об остатке долга',
    client: ['Нужна справка об остатке задолженности по кредиту для другого банка', 'Получил, спасибо!'],
    agent: ['Справка будет готова в течение дня, пришлём сюда же.', 'Пожалуйста!'],
  },
  {
    topic: 'app_login',
    team: 'cards',
    subject: 'Не могу войти в приложение',
    client: ['Приложение пишет «ошибка входа» после обновления', 'Переустановил — заработало'],
    agent: ['Попробуйте переустановить приложение и войти по номеру карты.', 'Отлично, хорошего дня!'],
  },
];

const CLIENTS = [
  ['Алексей', 'Иванов'],
  ['Марина', 'Петрова'],
  ['Дмитрий', 'Соколов'],
  ['Ольга', 'Кузнецова'],
  ['Павел', 'Смирнов'],
  ['Наталья', 'Попова'],
  ['Игорь', 'Васильев'],
  ['Елена', 'Новикова'],
  ['Сергей', 'Морозов'],
  ['Татьяна', 'Волкова'],
  ['Андрей', 'Лебедев'],
  ['Юлия', 'Козлова'],
  ['Михаил', 'Егоров'],
  ['Анна', 'Павлова'],
  ['Виктор', 'Семёнов'],
  ['Ксения', 'Голубева'],
];

/** Tickets in every state: how many of each (60 in all). */
const STATES: [ConversationStatus, number][] = [
  ['new', 8],
  ['open', 10],
  ['pending', 6],
  ['on_hold', 4],
  ['reopened', 5],
  ['solved', 15],
  ['closed', 12],
];

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * `kartoteka demo`: Восход Банк's contact centre — inboxes for email, the site chat and Telegram,
 * two teams with routing, canned responses, macros, an automation rule, and a week of
 * conversations (60, about 220 messages) in every state, dated from the demo's "now". Writes rows
 * directly (no sends: the demo's channels point nowhere). Idempotent: nothing when the email
 * inbox exists. S-SLA's seeder then builds calendars, policies, clocks and CSAT on these.
 */
export const seedServiceDemo: DemoSeeder<ServiceKernel> = async (k, { workspaceId: ws, log, now }) => {
  const s = k.service;
  if ((await s.inboxes.list(ws)).some((i) => i.address === 'support@voskhod-bank.example')) return;
  const actor = systemActor(ws, 'demo');
  const rnd = seededRandom(18);

  const members = await k.auth.listMembers(ws);
  const agentIds = AGENTS.map((e) => members.find((m) => m.email === e)?.id).filter((x): x is string => !!x);
  const email = await k.engage.channels.create(actor, {
    type: 'email',
    name: 'Восход Банк — поддержка (SMTP)',
    config: {
      host: 'smtp.voskhod-bank.example',
      port: 587,
      secure: false,
      from: 'Восход Банк <support@voskhod-bank.example>',
    },
  });
  const telegram = await k.engage.channels.create(actor, {
    type: 'telegram',
    name: 'Телеграм-бот Восход Банка',
    config: { baseUrl: 'https://api.telegram.org', botToken: '200000002:demo-bank-token-not-real' },
  });
  const inboxes: Record<'email' | 'chat' | 'telegram', string> = {
    email: (
      await s.inboxes.create(actor, {
        name: 'Поддержка (почта)',
        channel: 'email',
        address: 'support@voskhod-bank.example',
        channelId: email.id,
      })
    ).id,
    chat: (await s.inboxes.create(actor, { name: 'Чат на сайте', channel: 'chat' })).id,
    telegram: (await s.inboxes.create(actor, { name: 'Telegram', channel: 'telegram', channelId: telegram.id })).id,
  };
  const teams = {
    cards: (await s.teams.create(actor, { name: 'Карты и платежи', memberIds: agentIds.slice(0, 2) })).id,
    loans: (
      await s.teams.create(actor, { name: 'Кредиты и вклады', memberIds: agentIds.slice(2), assignment: 'least_busy' })
    ).id,
  };
  await s.routing.create(actor, {
    name: 'VIP — срочно',
    position: 0,
    conditions: { vip: true },
    actions: { priority: 'high', tags: ['vip'], teamId: teams.cards },
  });
  await s.routing.create(actor, {
    name: 'Кредиты, ипотека, вклады',
    position: 10,
    conditions: { keywords: ['кредит', 'ипотек', 'вклад', 'депозит'] },
    actions: { teamId: teams.loans },
  });
  await s.routing.create(actor, {
    name: 'Карты и платежи',
    position: 20,
    conditions: { keywords: ['карт', 'списан', 'кешбэк', 'sms', 'код', 'оплат'] },
    actions: { teamId: teams.cards },
  });
  await s.automation.create(actor, {
    name: 'Мошенничество — срочно',
    trigger: 'created',
    conditions: { keywords: ['мошен', 'не я', 'не был'] },
    actions: {
      set: { priority: 'urgent', addTags: ['fraud'] },
      reply: 'Мы получили ваше обращение о подозрительной операции. Специалист свяжется с вами в течение 15 минут.',
    },
  });
  for (const [title, body, shortcut] of [
    ['Приветствие', 'Здравствуйте! Меня зовут {{agent}}, я помогу вам.', 'hello'],
    [
      'Карта заблокирована',
      'Карта блокируется на сутки после трёх неверных ПИН-кодов. Мы можем снять блокировку сейчас.',
      'pin',
    ],
    [
      'Перевыпуск карты',
      'Перевыпуск бесплатный, карта будет готова в выбранном отделении через 5 рабочих дней.',
      'reissue',
    ],
    ['Прощание', 'Рады были помочь! Если останутся вопросы — пишите.', 'bye'],
  ] as const)
    await s.canned.create(actor, { title, body, shortcut, language: 'ru' });
  await s.macros.create(actor, {
    name: 'Решено: блокировка снята',
    actions: { reply: 'Блокировка снята, карта работает. Хорошего дня!', status: 'solved', addTags: ['unblocked'] },
  });
  await s.macros.create(actor, {
    name: 'Ждём документы клиента',
    actions: { reply: 'Пришлите, пожалуйста, скан паспорта (страница с фото).', status: 'pending' },
  });

  // A week of conversations: oldest solved and closed, the newest still new.
  const plan = STATES.flatMap(([status, n]) => Array.from({ length: n }, () => status));
  let messages = 0;
  await k.db.transaction().execute(async (trx) => {
    for (const [i, status] of plan.entries()) {
      const story = STORIES[i % STORIES.length]!;
      const [first, last] = CLIENTS[i % CLIENTS.length]!;
      const channel: InboxChannel = (['email', 'chat', 'telegram'] as const)[i % 3]!;
      const identity =
        channel === 'email'
          ? { kind: 'email', value: `${translit(first)}.${translit(last)}${i}@mail.example` }
          : channel === 'telegram'
            ? { kind: 'telegram_id', value: String(700_000_000 + i * 7919) }
            : { kind: 'anonymous_id', value: `demo-visitor-${i}` };
      const { personId } = await s.people.findOrCreate(trx, ws, [identity], {
        name: `${first} ${last}`,
        firstName: first,
        lastName: last,
        ...(i % 11 === 0 ? { vip: true } : {}),
      });
      // Older tickets for the finished states; the open ones from the last two days.
      const done = status === 'solved' || status === 'closed';
      const ageHours = done ? rnd.int(30, 160) : status === 'new' ? rnd.int(0, 6) : rnd.int(4, 60);
      const start = now - ageHours * HOUR - rnd.int(0, 59) * MINUTE;
      const agent = agentIds.length ? (agentIds[(story.team === 'cards' ? 0 : 2) + (i % 2)] ?? agentIds[0]!) : null;
      const id = newId();
      const turns: { dir: 'in' | 'out'; text: string; at: number }[] = [];
      let t = start;
      const replies = status === 'new' ? 0 : status === 'open' || status === 'pending' || status === 'on_hold' ? 1 : 2;
      for (let turn = 0; turn < 2; turn++) {
        if (turn === 0 || replies >= 2) {
          turns.push({ dir: 'in', text: story.client[turn]!, at: t });
          t += rnd.int(3, 90) * MINUTE;
        }
        if (turn < replies) {
          turns.push({ dir: 'out', text: story.agent[turn]!, at: t });
          t += rnd.int(10, 240) * MINUTE;
        }
      }
      if (status === 'reopened') turns.push({ dir: 'in', text: 'Проблема повторилась, помогите ещё раз', at: t });
      const ins = turns.filter((x) => x.dir === 'in');
      const outs = turns.filter((x) => x.dir === 'out');
      const lastAt = Math.min(turns[turns.length - 1]!.at, now - MINUTE);
      await trx
        .insertInto('service_conversations')
        .values({
          workspace_id: ws,
          id,
          number: await nextNumber(trx, ws),
          inbox_id: inboxes[channel],
          person_id: personId,
          channel,
          subject: story.subject,
          status,
          priority: story.priority ?? (i % 11 === 0 ? 'high' : i % 7 === 0 ? 'low' : 'normal'),
          topic: story.topic,
          language: 'ru',
          assignee_id: status === 'new' ? null : agent,
          team_id: teams[story.team],
          tags: [...(story.tags ?? []), ...(i % 11 === 0 ? ['vip'] : [])],
          custom: JSON.stringify(status === 'on_hold' ? { waitingFor: 'процессинг' } : {}),
          merged_into: null,
          first_inbound_at: new Date(ins[0]!.at),
          first_response_at: outs[0] ? new Date(outs[0].at) : null,
          last_inbound_at: new Date(ins[ins.length - 1]!.at),
          last_outbound_at: outs.length ? new Date(outs[outs.length - 1]!.at) : null,
          last_message_at: new Date(lastAt),
          next_response_due_at: null,
          solved_at: done ? new Date(lastAt + 5 * MINUTE) : null,
          closed_at: status === 'closed' ? new Date(lastAt + 26 * HOUR) : null,
          reopened_count: status === 'reopened' ? 1 : 0,
          created_at: new Date(start),
          updated_at: new Date(lastAt),
        })
        .execute();
      for (const [n, m] of turns.entries()) {
        const mid = newId();
        await trx
          .insertInto('service_messages')
          .values({
            workspace_id: ws,
            id: mid,
            conversation_id: id,
            direction: m.dir,
            channel,
            author_user_id: m.dir === 'out' ? agent : null,
            author_kind: m.dir === 'out' ? 'agent' : 'client',
            body: m.text,
            html: null,
            external_id: m.dir === 'in' ? `demo-${i}-${n}` : null,
            thread_key:
              channel === 'email'
                ? `<demo-${i}-${n}@${m.dir === 'in' ? 'mail.example' : 'voskhod-bank.example'}>`
                : null,
            engage_message_id: null,
            created_at: new Date(Math.min(m.at, now - MINUTE)),
          })
          .execute();
        if (m.dir === 'in')
          await trx
            .insertInto('service_inbound_keys')
            .values({ workspace_id: ws, inbox_id: inboxes[channel], external_id: `demo-${i}-${n}`, message_id: mid })
            .execute();
        messages++;
      }
      // The status history the desk would have written along the way (the reports' backlog reads it).
      const clamp = (x: number) => new Date(Math.min(x, now - MINUTE));
      const path: [ConversationStatus | null, ConversationStatus, Date][] = [[null, 'new', new Date(start)]];
      if (outs[0]) path.push(['new', 'open', clamp(outs[0].at)]);
      if (status === 'pending' || status === 'on_hold') path.push(['open', status, clamp(lastAt)]);
      if (done) path.push(['open', 'solved', clamp(lastAt + 5 * MINUTE)]);
      if (status === 'closed') path.push(['solved', 'closed', clamp(lastAt + 26 * HOUR)]);
      if (status === 'reopened')
        path.push(['open', 'solved', clamp(outs[outs.length - 1]!.at + MINUTE)], ['solved', 'reopened', clamp(lastAt)]);
      await trx
        .insertInto('service_conversation_status_changes')
        .values(
          path.map(([from, to, at]) => ({
            workspace_id: ws,
            id: newId(),
            conversation_id: id,
            from_status: from,
            to_status: to,
            at,
            by_kind: to === 'reopened' || to === 'new' ? ('client' as const) : ('agent' as const),
            by_user_id: to === 'reopened' || to === 'new' ? null : agent,
          })),
        )
        .execute();
      if (status === 'on_hold' || (status === 'open' && i % 3 === 0)) {
        await trx
          .insertInto('service_messages')
          .values({
            workspace_id: ws,
            id: newId(),
            conversation_id: id,
            direction: 'note',
            channel,
            author_user_id: agent,
            author_kind: 'agent',
            body: status === 'on_hold' ? 'Ждём ответа процессинга по операции' : 'Клиент постоянный, проверить лимиты',
            html: null,
            external_id: null,
            thread_key: null,
            engage_message_id: null,
            created_at: new Date(Math.min(lastAt + MINUTE, now - MINUTE)),
          })
          .execute();
        messages++;
      }
      await k.cdp.directory.appendEvents(
        trx,
        ws,
        ins.map((m, n) => ({
          personId,
          type: 'service',
          event: 'Message Received',
          messageId: `svc:demo:${i}:${n}`,
          occurredAt: new Date(Math.min(m.at, now - MINUTE)),
          properties: { conversationId: id, inboxId: inboxes[channel], channel, subject: story.subject, text: m.text },
        })),
      );
    }
  });
  log(`service: 3 inboxes, 2 teams, ${plan.length} conversations, ${messages} messages`);
};

const TR: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ы: 'y',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ь: '',
  ъ: '',
};
function translit(s: string): string {
  return [...s.toLowerCase()].map((c) => TR[c] ?? c).join('');
}
