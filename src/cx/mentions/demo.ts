import type { DemoSeeder } from '../../core/module.ts';
import { systemActor } from '../../core/auth/actor.ts';
import { newId } from '../../core/ids.ts';
import type { CxKernel } from '../kernel.ts';
import type { RawMention } from './connectors.ts';
import type { SourceKind } from './tables.ts';

const FORUM = 'Форум «Вкусно рядом»';
const HOUR = 3_600_000;

/** The demo's sources (story 4): example hosts, so they are off (a poll would only record an error). */
const SOURCES: { name: string; kind: SourceKind; url: string | null; settings?: Record<string, unknown> }[] = [
  { name: FORUM, kind: 'rss', url: 'https://forum.vkusno.example/feed.xml' },
  {
    name: 'Telegram: Гастро-новости',
    kind: 'telegram',
    url: 'https://tg-bridge.vkusno.example/channel',
    settings: { channel: 'gastronews' },
  },
  {
    name: 'ВКонтакте: поиск «Вкусно рядом»',
    kind: 'vk',
    url: null,
    settings: { query: 'Вкусно рядом', method: 'newsfeed.search' },
  },
  { name: 'Отзовик', kind: 'reviews', url: 'https://reviews.vkusno.example/shop.json', settings: { format: 'json' } },
];

type Post = [hoursAgo: number, sourceIdx: number, author: string, followers: number | null, text: string];

/** The usual chatter over a day: praise, questions, the odd complaint (RU and EN). */
const DAY: Post[] = [
  [23, 0, 'marina_k', 40, 'Отличная выпечка в магазине на Профсоюзной, круассаны свежие каждое утро.'],
  [22, 1, 'gastronews', 48_000, 'Сеть «Вкусно рядом» открыла магазин у метро Сокол. Цены как в остальных точках.'],
  [21, 2, 'id7781', 210, 'Курьер привёз заказ вовремя, всё аккуратно упаковано, спасибо!'],
  [20, 3, 'olga.p', 12, 'Хороший выбор овощей, но очереди на кассе по вечерам.'],
  [19, 0, 'sam_in_msk', 85, 'Great bakery section, I love their rye bread.'],
  [18, 1, 'gastronews', 48_000, 'Подборка: где купить фермерский творог в Москве. «Вкусно рядом» в списке.'],
  [17, 2, 'id1204', 64, 'Задержали доставку на час, курьер не позвонил. Неприятно.'],
  [16, 3, 'anna_reviews', 310, 'Приложение удобное, бонусы начисляются сразу. Рекомендую.'],
  [15, 0, 'dmitry', 22, 'Кто знает, магазин на Тверской работает в праздники?'],
  [14, 2, 'id5520', 1_900, 'Понравился новый салат-бар, свежо и вкусно.'],
  [13, 3, 'expat_jane', 150, 'Friendly staff at the Arbat store, though the card reader was slow.'],
  [12, 1, 'foodcritic_msk', 23_000, 'Сравнил пять сетей: у «Вкусно рядом» лучшие молочные продукты, но дороже.'],
  [11, 0, 'natalia', 18, 'Купила клубнику — половина гнилая. Обидно.'],
  [10, 2, 'id3330', 75, 'Спасибо за быстрый возврат денег за испорченный товар.'],
  [9, 3, 'kirill_s', 9, 'Цены выросли, а порции уменьшились. Не радует.'],
  [8, 0, 'mike_t', 40, 'The delivery app crashed twice at checkout, very annoying.'],
  [7, 1, 'gastronews', 48_000, 'Акция недели: скидка 20% на сыры во всех магазинах сети.'],
  [6, 2, 'id8841', 130, 'Отличный кофе навынос, беру каждое утро.'],
  [5, 3, 'svetlana', 27, 'Кассир на Профсоюзной была очень вежлива, помогла с бонусами.'],
  [4, 0, 'ivan_g', 33, 'Доставка в срок, но забыли положить хлеб.'],
  [3, 2, 'id2299', 58, 'Хорошие скидки по карте лояльности.'],
  [2, 3, 'lena_m', 14, 'Great selection of vegan products, happy customer.'],
];

/** The wave: within the last hour, complaints about the store on Tverskaya (a KOL among them). */
const WAVE: Post[] = [
  [0.9, 0, 'natalia', 18, 'Магазин на Тверской: просроченное молоко на полке, ужасно. Верните деньги!'],
  [0.8, 2, 'id4410', 95, 'Ужасный сервис на Тверской — кассир нахамил, менеджера не дозваться.'],
  [0.75, 3, 'olga.p', 12, 'Тверская: гнилые помидоры и грязный пол. Больше не приду.'],
  [
    0.7,
    1,
    'foodcritic_msk',
    23_000,
    'Читатели пишут про магазин «Вкусно рядом» на Тверской: просрочка, грязь, хамство. Плохо.',
  ],
  [
    0.6,
    0,
    'tourist_bob',
    20,
    'Terrible experience at the Tverskaya store: rotten fruit and a rude cashier. I want a refund.',
  ],
  [0.5, 2, 'id6001', 44, 'На Тверской продали испорченную курицу, отравились. Ужас!'],
  [0.4, 3, 'kirill_s', 9, 'Тверская — худший магазин сети, очередь час, кассы не работают.'],
  [0.3, 0, 'marina_k', 40, 'Поддерживаю: на Тверской ужасно, тухлая рыба на витрине.'],
  [0.2, 2, 'id7781', 210, 'Магазин на Тверской: плесень на хлебе. Отвратительно, верните деньги.'],
];

/** A few quieter posts in the last hour too, so the wave stands out of a normal feed. */
const RECENT: Post[] = [
  [0.85, 1, 'gastronews', 48_000, 'В сети «Вкусно рядом» стартовала осенняя ярмарка фермерских продуктов.'],
  [0.55, 3, 'anna_reviews', 310, 'Заказ через приложение пришёл быстро, всё свежее. Молодцы!'],
  [0.35, 0, 'sam_in_msk', 85, 'The new store near Sokol is great, lots of space and fresh bread.'],
];

/**
 * Story 4's social listening: the grocery chain's sources (off: their hosts are examples), a day of
 * mentions in Russian and English analysed by insights' analyser, and a wave of negative mentions
 * about the store on Tverskaya in the last hour, which the rule "Магазин на Тверской" raises as an alert.
 */
export const seedMentionsDemo: DemoSeeder<CxKernel> = async (k, { workspaceId: ws, log, now }) => {
  const done = await k.db
    .selectFrom('cx_mention_sources')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('name', '=', FORUM)
    .executeTakeFirst();
  if (done) {
    log('cx: mentions already there, left as they are');
    return;
  }
  const sourceIds: string[] = [];
  for (const s of SOURCES) {
    const id = newId();
    await k.db
      .insertInto('cx_mention_sources')
      .values({
        workspace_id: ws,
        id,
        name: s.name,
        kind: s.kind,
        url: s.url,
        settings: JSON.stringify(s.settings ?? {}),
        enabled: false,
      })
      .execute();
    sourceIds.push(id);
  }
  const store = k.cx.mentions.store;
  const networks = ['web', 'telegram', 'vk', 'reviews'];
  let created = 0;
  for (const [i, [hoursAgo, si, author, followers, text]] of [...DAY, ...RECENT, ...WAVE].entries()) {
    const source = SOURCES[si];
    const item: RawMention = {
      externalId: `demo-${i}`,
      text,
      publishedAt: new Date(now - hoursAgo * HOUR),
      author: {
        network: networks[si],
        handle: author.toLowerCase(),
        name: author,
        followers,
        vkId: si === 2 ? author.replace(/^id/, '') : null,
      },
    };
    const r = await store.ingestOne(
      ws,
      { sourceId: sourceIds[si], source: source.kind, sourceKey: sourceIds[si] },
      item,
      new Date(now),
    );
    if (r.created) created++;
  }
  const actor = systemActor(ws, 'demo', 'import');
  const rule = await k.cx.mentions.alerts.createRule(actor, {
    name: 'Магазин на Тверской',
    scope: 'store',
    scopeValue: 'Тверск',
    windowMinutes: 60,
    baselineWindows: 24,
    sigma: 3,
    minCount: 4,
  });
  await k.cx.mentions.alerts.createRule(actor, {
    name: 'Вся сеть: волна негатива',
    scope: 'all',
    windowMinutes: 1440,
    baselineWindows: 14,
    sigma: 3,
    minCount: 30,
  });
  const raised = await k.cx.mentions.alerts.evaluate(ws, new Date(now));
  log(
    `cx: ${SOURCES.length} mention sources, ${created} mentions; alert rule "${rule.name}" ${raised.length ? `raised an alert (${raised[0].count} negative mentions in the hour)` : 'raised nothing (the analyser found fewer negative mentions)'}`,
  );
};
