import { systemActor } from '../../core/auth/actor.ts';
import type { DemoSeeder } from '../../core/module.ts';
import { newId } from '../../core/ids.ts';
import { seededRandom } from '../../core/seeded-random.ts';
import type { ServiceKernel } from '../kernel.ts';
import { nextNumber } from '../conversations-store.ts';
import type { BotTurn } from './tables.ts';
import { BOT_TEXTS, money } from '../bot/texts.ts';

const MINUTE = 60_000;

/** Восход Банк's knowledge base: what clients ask most, in Russian, and a few in English. */
const ARTICLES: [title: string, body: string, locale: 'ru' | 'en', tags: string[]][] = [
  [
    'Как заблокировать карту',
    'Если карта потеряна или украдена, заблокируйте её сразу:\n\n1. В приложении: **Карты → Заблокировать**.\n2. По телефону 8 800 000-00-00 (круглосуточно).\n\nБлокировка бесплатная; перевыпуск можно заказать там же.',
    'ru',
    ['карты', 'безопасность'],
  ],
  [
    'Карта заблокирована после ввода ПИН-кода',
    'После трёх неверных ПИН-кодов карта блокируется на сутки. Снять блокировку раньше может оператор чата или горячей линии после проверки личности.',
    'ru',
    ['карты'],
  ],
  [
    'Перевыпуск карты',
    'Перевыпуск бесплатный, если истёк срок действия или карта повреждена. Закажите его в приложении (**Карты → Перевыпустить**); карта будет в выбранном отделении через 5 рабочих дней.',
    'ru',
    ['карты'],
  ],
  [
    'Лимиты по карте',
    'Снятие наличных — до 300 000 ₽ в сутки, покупки — без ограничений. Лимиты меняются в приложении: **Карты → Лимиты**.',
    'ru',
    ['карты', 'лимиты'],
  ],
  [
    'Не приходит SMS с кодом подтверждения',
    'Проверьте, что номер телефона в профиле верный и телефон в сети. Код приходит в течение 2 минут; запросить новый можно через 60 секунд. Если кода нет — напишите «оператор».',
    'ru',
    ['платежи', 'sms'],
  ],
  [
    'Когда начисляется кешбэк',
    'Кешбэк за месяц начисляется до 10 числа следующего месяца на бонусный счёт. Баланс бонусов виден в приложении и у бота: спросите «сколько у меня бонусов».',
    'ru',
    ['кешбэк', 'бонусы'],
  ],
  [
    'Досрочное погашение кредита',
    'Подайте заявление в приложении (**Кредиты → Досрочное погашение**) не позднее чем за день до платежа и выберите: уменьшить срок или платёж.',
    'ru',
    ['кредиты'],
  ],
  [
    'Реквизиты счёта для перевода',
    'Реквизиты счёта карты — в приложении: **Карты → Реквизиты**. Их можно отправить письмом или сохранить в PDF.',
    'ru',
    ['счета'],
  ],
  [
    'Режим работы отделений',
    'Отделения работают по будням с 9:00 до 20:00, по субботам с 10:00 до 17:00. Адреса и часы — на сайте в разделе «Отделения».',
    'ru',
    ['отделения'],
  ],
  [
    'Оспорить операцию по карте',
    'Черновик: порядок подачи претензии по операции, сроки рассмотрения (до 30 дней).',
    'ru',
    ['карты', 'мошенничество'],
  ],
  [
    'How to block your card',
    'If your card is lost or stolen, block it right away in the app (**Cards → Block**) or call 8 800 000-00-00, 24/7. Blocking is free.',
    'en',
    ['cards'],
  ],
  [
    'Card reissue',
    'A reissue is free when the card has expired or is damaged. Order it in the app (**Cards → Reissue**); it will be at your branch in 5 working days.',
    'en',
    ['cards'],
  ],
  [
    'Branch opening hours',
    'Branches are open 9:00–20:00 on weekdays and 10:00–17:00 on Saturdays.',
    'en',
    ['branches'],
  ],
];

/**
 * The knowledge base and the bot in the demo (after the contact centre's seeder): the articles
 * (one a draft), the bot on the site chat and Telegram, card data on the bank's clients (traits
 * `cardBalance`, `cardStatus`, as the core banking system would send them), and conversations the
 * bot answered on Telegram (card balance: story 3) and one it handed to an agent.
 */
export const seedKbBotDemo: DemoSeeder<ServiceKernel> = async (k, { workspaceId: ws, log, now }) => {
  const s = k.service;
  const exists = await k.db
    .selectFrom('service_kb_articles')
    .select('id')
    .where('workspace_id', '=', ws)
    .executeTakeFirst();
  if (exists) return;
  const inboxes = await s.inboxes.list(ws);
  const telegram = inboxes.find((i) => i.channel === 'telegram');
  const chat = inboxes.find((i) => i.channel === 'chat');
  if (!telegram || !chat) return;
  const actor = systemActor(ws, 'demo');
  const rnd = seededRandom(186);
  for (const [i, [title, body, locale, tags]] of ARTICLES.entries())
    await s.kb.create(actor, { title, body, locale, tags, status: i === 9 ? 'draft' : 'published' });
  for (const inbox of [telegram, chat])
    await s.inboxes.update(actor, inbox.id, {
      settings: {
        ...inbox.settings,
        bot: {
          enabled: true,
          greeting: {
            ru: 'Здравствуйте! Я бот Восход Банка. Спросите о балансе карты, бонусах или заказе — или напишите «оператор».',
          },
          handoverKeywords: ['жалоба', 'претензия'],
          kbThreshold: 0.5,
        },
      },
    });

  // Card data on the contact centre's clients.
  const clients = await k.db
    .selectFrom('service_conversations')
    .select('person_id')
    .distinct()
    .where('workspace_id', '=', ws)
    .execute();
  await k.db.transaction().execute(async (trx) => {
    for (const [i, c] of clients.entries())
      await k.cdp.directory.setTraits(trx, ws, c.person_id, [
        { path: 'cardBalance', value: Math.round(rnd.int(500, 400_000) * 100 + rnd.int(0, 99)) / 100 },
        { path: 'cardCurrency', value: 'RUB' },
        { path: 'cardStatus', value: i % 9 === 4 ? 'blocked' : 'active' },
      ]);
  });

  // Conversations the bot handled on Telegram: three answered, one handed over.
  const members = await k.auth.listMembers(ws);
  const agent = members.find((m) => m.email === 'natalia.belova@voskhod-bank.ru')?.id ?? null;
  const team = (await s.teams.list(ws)).find((t) => t.name === 'Карты и платежи')?.id ?? null;
  const greeting =
    'Здравствуйте! Я бот Восход Банка. Спросите о балансе карты, бонусах или заказе — или напишите «оператор».';
  const stories: { name: string; asks: string[]; balance: number; handover?: boolean }[] = [
    { name: 'Ольга Смирнова', asks: ['Какой баланс моей карты?'], balance: 48_215.4 },
    { name: 'Дмитрий Орлов', asks: ['Сколько денег на карте?', 'Спасибо!'], balance: 3_120 },
    { name: 'Алина Фёдорова', asks: ['Подскажите баланс карты'], balance: 127_900.15 },
    {
      name: 'Виктор Павлов',
      asks: ['Хочу сменить кодовое слово', 'Позовите оператора, пожалуйста'],
      balance: 9_870,
      handover: true,
    },
  ];
  let written = 0;
  await k.db.transaction().execute(async (trx) => {
    for (const [i, st] of stories.entries()) {
      const [firstName, lastName] = st.name.split(' ');
      const { personId } = await s.people.findOrCreate(
        trx,
        ws,
        [{ kind: 'telegram_id', value: String(800_000_000 + i * 104_729) }],
        { name: st.name, firstName, lastName, cardBalance: st.balance, cardCurrency: 'RUB', cardStatus: 'active' },
      );
      const id = newId();
      let t = now - (i * 5 + 2) * 60 * MINUTE;
      const lines: { dir: 'in' | 'out' | 'note'; kind: 'client' | 'bot'; text: string; at: number }[] = [];
      const turns: BotTurn[] = [];
      for (const [n, ask] of st.asks.entries()) {
        lines.push({ dir: 'in', kind: 'client', text: ask, at: t });
        t += 2_000;
        let answer: string;
        if (st.handover) answer = n === 0 ? `${greeting}` : BOT_TEXTS.ru.handover;
        else if (n === 0) answer = `${greeting}\n\n${BOT_TEXTS.ru.cardBalance(money(st.balance, 'RUB', 'ru'))}`;
        else answer = 'Рады помочь! Если появятся вопросы — пишите.';
        lines.push({ dir: 'out', kind: 'bot', text: answer, at: t });
        turns.push({
          at: new Date(t).toISOString(),
          text: ask,
          intent: st.handover ? (n === 0 ? 'greeting' : 'handover') : n === 0 ? 'card_balance' : 'greeting',
          answer: answer.slice(0, 500),
        });
        t += 3 * MINUTE;
      }
      if (st.handover)
        lines.push({
          dir: 'note',
          kind: 'bot',
          text: [
            'Бот передал разговор: клиент попросил оператора.',
            'Намерения: greeting, handover.',
            ...turns.flatMap((x) => [`Клиент: «${x.text}»`, `Бот: «${x.answer.replace(/\s+/g, ' ').slice(0, 300)}»`]),
          ].join('\n'),
          at: t - 3 * MINUTE + 1_000,
        });
      const last = lines[lines.length - 1]!.at;
      await trx
        .insertInto('service_conversations')
        .values({
          workspace_id: ws,
          id,
          number: await nextNumber(trx, ws),
          inbox_id: telegram.id,
          person_id: personId,
          channel: 'telegram',
          subject: st.asks[0]!,
          status: st.handover ? 'new' : 'solved',
          priority: 'normal',
          topic: st.handover ? null : 'card_balance',
          language: 'ru',
          assignee_id: st.handover ? agent : null,
          team_id: st.handover ? team : null,
          custom: '{}',
          merged_into: null,
          first_inbound_at: new Date(lines[0]!.at),
          first_response_at: null,
          last_inbound_at: new Date(lines.filter((l) => l.dir === 'in').at(-1)!.at),
          last_outbound_at: new Date(lines.filter((l) => l.dir === 'out').at(-1)!.at),
          last_message_at: new Date(last),
          next_response_due_at: null,
          solved_at: st.handover ? null : new Date(last + MINUTE),
          closed_at: null,
          created_at: new Date(lines[0]!.at),
          updated_at: new Date(last),
        })
        .execute();
      for (const l of lines) {
        const mid = newId();
        await trx
          .insertInto('service_messages')
          .values({
            workspace_id: ws,
            id: mid,
            conversation_id: id,
            direction: l.dir,
            channel: 'telegram',
            author_user_id: null,
            author_kind: l.kind,
            body: l.text,
            html: null,
            external_id: l.dir === 'in' ? `demo-bot-${i}-${mid}` : null,
            thread_key: null,
            engage_message_id: null,
            created_at: new Date(l.at),
          })
          .execute();
        if (l.dir === 'note') continue;
        await k.cdp.directory.appendEvents(trx, ws, [
          {
            personId,
            type: 'service',
            event: l.dir === 'in' ? 'Message Received' : 'Message Sent',
            messageId: `svc:${mid}`,
            occurredAt: new Date(l.at),
            properties: {
              conversationId: id,
              messageId: mid,
              channel: 'telegram',
              ...(l.dir === 'out' ? { authorKind: 'bot' } : { inboxId: telegram.id }),
              text: l.text.slice(0, 500),
            },
          },
        ]);
        written++;
      }
      await trx
        .insertInto('service_bot_sessions')
        .values({
          workspace_id: ws,
          conversation_id: id,
          misses: 0,
          turns: JSON.stringify(turns),
          handed_over_at: st.handover ? new Date(t) : null,
        })
        .execute();
    }
  });
  log(
    `service: ${ARTICLES.length} knowledge-base articles, the bot on chat and Telegram, ${stories.length} bot conversations (${written} messages)`,
  );
};
