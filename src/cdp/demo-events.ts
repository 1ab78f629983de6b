import { sql } from 'kysely';
import type { CdpKernel as Kernel } from './kernel.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { SourceAuth } from './cdp.ts';
import { seededRandom } from '../core/seeded-random.ts';

/**
 * The CDP demo: two years of "Аптека Плюс" (SCENARIOS.md story 1) — loyalty members of a pharmacy
 * chain as its web site, mobile app and stores' tills report them, sent through the real ingest
 * path (`cdp.ingest` with first-party sources), so identity resolution, computed traits, RFM,
 * timelines and the live debugger all see ordinary tracked events.
 *
 * The population is a pure function of the seed (`planCdpDemo`): member N always has the same
 * cards, visits, orders and items, and every message has a stable messageId, so a second
 * `kartoteka demo` stores nothing new. Timestamps are relative to the time of the run.
 *
 * Model signals planted (SCENARIOS.md "What the demo data must contain"):
 * - churners (`kind: 'churner'`): the gap between orders grows ×1.3–1.6 each time, then they stop
 *   four months to a year before now;
 * - co-purchase pairs (`CO_PURCHASE`): a cold remedy is usually bought with a throat spray, vitamin D
 *   with omega-3, a sunscreen with an after-sun lotion;
 * - seasonality: cold remedies mostly from October to March.
 * Held out: members numbered DEMO_HOLDOUT_FROM and above (user ids `apt-002701` … `apt-003000`, the
 * last 10 %) are meant for evaluation only; models must not train on them.
 *
 * The pharmacy's customers are its own: no member uses the email or phone of a person of another
 * story (the distributor's B2B contacts in src/crm/demo.ts), so no member is merged into one. Emails
 * carry the member's number (`anna.ivanova.17@mail.ru`), phones come from the +7 900 block, which the
 * CRM demo never draws, and an email that happens to be taken anyway is numbered again.
 */

const DAY = 86_400_000;
const SEED = 20261130;
export const DEMO_MEMBERS = 3000;
/** Members numbered from here on (1-based) are the held-out part (see above). */
export const DEMO_HOLDOUT_FROM = 2701;
export const DEMO_SOURCES = [
  { name: 'Аптека Плюс — сайт', kind: 'web' },
  { name: 'Аптека Плюс — мобильное приложение', kind: 'mobile' },
  { name: 'Аптека Плюс — кассы аптек', kind: 'pos' },
] as const;
type Channel = 'web' | 'mobile' | 'pos';
const BATCH = 400;

const rng = seededRandom;

/** Nine regions, as in story 1; the Volga region is where Ольга's campaign goes. */
const REGIONS = [
  { region: 'Москва', cities: ['Москва'], stores: 30 },
  { region: 'Санкт-Петербург', cities: ['Санкт-Петербург'], stores: 18 },
  { region: 'Поволжье', cities: ['Казань', 'Самара', 'Нижний Новгород', 'Саратов'], stores: 20 },
  { region: 'Центр', cities: ['Воронеж', 'Тула', 'Ярославль'], stores: 12 },
  { region: 'Юг', cities: ['Краснодар', 'Ростов-на-Дону'], stores: 12 },
  { region: 'Урал', cities: ['Екатеринбург', 'Пермь', 'Челябинск'], stores: 10 },
  { region: 'Сибирь', cities: ['Новосибирск', 'Омск', 'Красноярск'], stores: 8 },
  { region: 'Северо-Запад', cities: ['Калининград', 'Мурманск'], stores: 6 },
  { region: 'Дальний Восток', cities: ['Владивосток', 'Хабаровск'], stores: 4 },
];
/** 120 stores: AP-001 … AP-120. */
export const DEMO_STORES = REGIONS.flatMap((r) =>
  Array.from({ length: r.stores }, (_, i) => ({ region: r.region, city: r.cities[i % r.cities.length] })),
).map((s, i) => ({
  ...s,
  id: `AP-${String(i + 1).padStart(3, '0')}`,
  name: `Аптека Плюс №${i + 1}, ${s.city}`,
}));

type Product = { sku: string; name: string; category: string; price: number };
const P = (sku: string, name: string, category: string, price: number): Product => ({ sku, name, category, price });
export const DEMO_PRODUCTS: Product[] = [
  P('VIT-D3', 'Витамин D3 2000 МЕ, 60 капс.', 'Витамины', 690),
  P('VIT-OMEGA3', 'Омега-3 1000 мг, 90 капс.', 'Витамины', 1190),
  P('VIT-C', 'Витамин C 500 мг, шипучие таблетки', 'Витамины', 320),
  P('VIT-MULTI', 'Мультивитамины «Алфавит»', 'Витамины', 540),
  P('VIT-MG-B6', 'Магний B6, 50 табл.', 'Витамины', 480),
  P('COLD-THERAFLU', 'Терафлю, порошок, 10 пак.', 'Простуда и грипп', 610),
  P('COLD-INGAVIRIN', 'Ингавирин 90 мг, 10 капс.', 'Простуда и грипп', 520),
  P('COLD-NAZIVIN', 'Називин, спрей назальный', 'Простуда и грипп', 260),
  P('THROAT-SPRAY', 'Гексорал, спрей для горла', 'Горло', 380),
  P('THROAT-LOZ', 'Стрепсилс, пастилки', 'Горло', 350),
  P('PAIN-NUROFEN', 'Нурофен 200 мг, 20 табл.', 'Обезболивающие', 250),
  P('PAIN-PARACET', 'Парацетамол 500 мг', 'Обезболивающие', 60),
  P('COSM-CREAM', 'La Roche-Posay Cicaplast, крем', 'Косметика', 1450),
  P('COSM-MICELLAR', 'Bioderma, мицеллярная вода 500 мл', 'Косметика', 1390),
  P('COSM-SPF50', 'Солнцезащитный крем SPF 50', 'Косметика', 1650),
  P('COSM-AFTERSUN', 'Лосьон после загара', 'Косметика', 890),
  P('COSM-LIPS', 'Бальзам для губ', 'Косметика', 290),
  P('HYG-TOOTHPASTE', 'Зубная паста Sensodyne', 'Гигиена', 340),
  P('HYG-MASKS', 'Маски медицинские, 50 шт.', 'Гигиена', 290),
  P('HYG-ANTISEPTIC', 'Антисептик для рук', 'Гигиена', 180),
  P('DIG-MEZIM', 'Мезим форте, 20 табл.', 'Пищеварение', 310),
  P('DIG-SMECTA', 'Смекта, 10 пак.', 'Пищеварение', 420),
  P('ALL-ZODAK', 'Зодак, капли от аллергии', 'Аллергия', 330),
  P('BABY-DIAPERS', 'Подгузники Pampers, 4', 'Мама и малыш', 1590),
  P('BABY-CREAM', 'Бепантен, крем', 'Мама и малыш', 720),
  P('DEV-THERMO', 'Термометр электронный', 'Медтехника', 450),
  P('DEV-TONOMETER', 'Тонометр Omron M2', 'Медтехника', 3890),
];
const bySku = new Map(DEMO_PRODUCTS.map((p) => [p.sku, p]));
/** Planted co-purchase pairs: with the first in the basket, the second follows with probability p. */
export const CO_PURCHASE: { a: string; b: string; p: number }[] = [
  { a: 'COLD-THERAFLU', b: 'THROAT-SPRAY', p: 0.7 },
  { a: 'COLD-INGAVIRIN', b: 'THROAT-SPRAY', p: 0.6 },
  { a: 'VIT-D3', b: 'VIT-OMEGA3', p: 0.6 },
  { a: 'COSM-SPF50', b: 'COSM-AFTERSUN', p: 0.65 },
];
const COLD = ['COLD-THERAFLU', 'COLD-INGAVIRIN', 'COLD-NAZIVIN', 'THROAT-LOZ', 'PAIN-PARACET', 'HYG-MASKS'];
const EVERYDAY = DEMO_PRODUCTS.map((p) => p.sku).filter(
  (s) => !COLD.includes(s) && s !== 'COSM-AFTERSUN' && s !== 'THROAT-SPRAY',
);

const RU_FEMALE = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Екатерина',
  'Светлана',
  'Юлия',
  'Анастасия',
  'Дарья',
  'Ксения',
  'Алёна',
  'Виктория',
  'Полина',
  'Людмила',
  'Вера',
  'Марина',
  'Галина',
];
const RU_MALE = [
  'Александр',
  'Дмитрий',
  'Максим',
  'Сергей',
  'Андрей',
  'Алексей',
  'Артём',
  'Илья',
  'Кирилл',
  'Михаил',
  'Никита',
  'Роман',
  'Егор',
  'Иван',
  'Павел',
  'Владимир',
  'Олег',
  'Юрий',
];
const RU_LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
];
const TRANSLIT: Record<string, string> = {
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
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const translit = (s: string) => [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');

/**
 * Member kinds: `loyal` orders every 3–6 weeks to this day; `regular` every 2–4 months; `churner`
 * (the planted signal) slows down and stops; `new` joined in the last two months; `one_time` bought
 * once, long ago; `browser` looks on the site and in the app and has not bought yet.
 */
export type MemberKind = 'loyal' | 'regular' | 'churner' | 'new' | 'one_time' | 'browser';
const KIND_BAG: MemberKind[] = [
  ...Array(15).fill('loyal'),
  ...Array(30).fill('regular'),
  ...Array(18).fill('churner'),
  ...Array(12).fill('new'),
  ...Array(15).fill('one_time'),
  ...Array(10).fill('browser'),
];

export interface DemoOrder {
  at: number;
  channel: Channel;
  orderId: string;
  revenue: number;
  storeId: string | null;
  items: { sku: string; quantity: number }[];
}
export interface DemoMember {
  no: number;
  userId: string;
  card: string;
  email: string | null;
  kind: MemberKind;
  holdout: boolean;
  /** Whether she registered online (identify with user id, email and card); until then she is anonymous on the site. */
  registered: boolean;
  orders: DemoOrder[];
  /** Every message, in time order, with the source it comes through. */
  messages: { channel: Channel; msg: Record<string, unknown> }[];
}

/**
 * The demo population at `now`: member 1 is the story's heroine (anonymous on the site, then logged
 * in, then buying in a store with her card and online); `crmEmails` are the emails of other stories'
 * people, which no member may use.
 */
export function planCdpDemo(now: number, crmEmails: string[] = []): DemoMember[] {
  const members: DemoMember[] = [];
  const taken = new Set(crmEmails.map((e) => e.toLowerCase()));
  for (let no = 1; no <= DEMO_MEMBERS; no++) members.push(planMember(no, now, taken));
  return members;
}

function planMember(no: number, now: number, taken: Set<string>): DemoMember {
  const r = rng(SEED + no * 7919);
  const pad = String(no).padStart(6, '0');
  const userId = `apt-${pad}`;
  const card = `277${String(1_000_000_000 + no * 37).slice(-10)}`;
  const kind: MemberKind = no === 1 ? 'loyal' : no === 2 ? 'churner' : r.pick(KIND_BAG);
  const female = r.chance(0.68);
  const first = female ? r.pick(RU_FEMALE) : r.pick(RU_MALE);
  const last = r.pick(RU_LAST) + (female ? 'а' : '');
  const box = r.pick(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru']);
  let email = `${translit(first)}.${translit(last)}.${no}@${box}`;
  for (let n = 2; taken.has(email); n++) email = `${translit(first)}.${translit(last)}.${no}-${n}@${box}`;
  const home = r.pick(DEMO_STORES);
  const stores = [home, home, home, r.pick(DEMO_STORES.filter((s) => s.region === home.region))];
  // Preferred channel: most buy at the till; some on the site; some in the app.
  const pref: Channel = no === 1 ? 'pos' : r.chance(0.6) ? 'pos' : r.chance(0.7) ? 'web' : 'mobile';
  // Some members only ever show the card at the till (never log in): no user id, no email.
  const registered = no === 1 || kind === 'browser' || pref !== 'pos' || r.chance(0.7);

  // Order times.
  const start = now - 730 * DAY;
  const times: number[] = [];
  if (kind === 'loyal' || kind === 'regular') {
    const gap = kind === 'loyal' ? [20, 45] : [50, 110];
    let t = start + r.int(0, 240) * DAY;
    while (t < now - DAY) {
      times.push(t);
      t += r.int(gap[0], gap[1]) * DAY + r.int(0, DAY);
    }
  } else if (kind === 'churner') {
    // The planted decay: each gap 1.3–1.6 times the one before; the last order 4–12 months ago.
    const stop = now - r.int(120, 365) * DAY;
    let gap = r.int(12, 22);
    let t = start + r.int(0, 60) * DAY;
    while (t < stop) {
      times.push(t);
      t += gap * DAY + r.int(0, DAY);
      gap = Math.round(gap * (1.3 + r.next() * 0.3));
    }
    if (times.length < 4)
      times.splice(0, times.length, start + 10 * DAY, start + 30 * DAY, start + 65 * DAY, start + 125 * DAY);
  } else if (kind === 'new') {
    const t0 = now - r.int(10, 60) * DAY;
    times.push(t0);
    if (r.chance(0.5)) times.push(t0 + r.int(3, 9) * DAY);
  } else if (kind === 'one_time') {
    times.push(start + r.int(30, 500) * DAY);
  }
  const firstActivity = times.length ? times[0] - r.int(1, 20) * DAY : now - r.int(5, 300) * DAY;

  const messages: { channel: Channel; msg: Record<string, unknown> }[] = [];
  let seq = 0;
  const mid = () => `demo-apt-${pad}-${String(++seq).padStart(4, '0')}`;
  const webAnon = `web-${pad}-${translit(first).slice(0, 3)}`;
  const appAnon = `app-${pad}`;
  let registeredAt = registered ? firstActivity : Infinity;
  const who = (channel: Channel, t: number) => {
    const known = t >= registeredAt;
    if (channel === 'pos') return known ? { userId } : { anonymousId: `pos-card-${card}` };
    return { ...(known ? { userId } : {}), anonymousId: channel === 'web' ? webAnon : appAnon };
  };
  const ts = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  const productProps = (p: Product) => ({
    product_id: p.sku,
    sku: p.sku,
    name: p.name,
    category: p.category,
    price: p.price,
    currency: 'RUB',
  });
  const browse = (channel: 'web' | 'mobile', t: number, skus: string[]) => {
    if (channel === 'web')
      messages.push({
        channel,
        msg: {
          type: 'page',
          messageId: mid(),
          ...who(channel, t),
          name: 'Каталог',
          properties: { path: '/catalog', url: 'https://apteka-plus.ru/catalog', title: 'Каталог — Аптека Плюс' },
          timestamp: ts(t),
        },
      });
    else
      messages.push({
        channel,
        msg: {
          type: 'screen',
          messageId: mid(),
          ...who(channel, t),
          name: 'Каталог',
          properties: {},
          timestamp: ts(t),
        },
      });
    skus.forEach(
      (sku, i) =>
        void messages.push({
          channel,
          msg: {
            type: 'track',
            messageId: mid(),
            ...who(channel, t + (i + 1) * 40_000),
            event: 'Product Viewed',
            properties: productProps(bySku.get(sku)!),
            timestamp: ts(t + (i + 1) * 40_000),
          },
        }),
    );
  };
  const basket = (t: number) => {
    const month = new Date(t).getUTCMonth();
    const coldSeason = month >= 9 || month <= 2;
    const skus: string[] = [];
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) {
      const sku = coldSeason && r.chance(0.45) ? r.pick(COLD) : r.pick(EVERYDAY);
      if (!skus.includes(sku)) skus.push(sku);
    }
    for (const pair of CO_PURCHASE)
      if (skus.includes(pair.a) && !skus.includes(pair.b) && r.chance(pair.p)) skus.push(pair.b);
    return skus.map((sku) => ({ sku, quantity: r.chance(0.85) ? 1 : 2 }));
  };

  // Before the first purchase: anonymous browsing on the site (most registered members), then the login.
  if (registered) {
    const viaApp = pref === 'mobile';
    const pre = no === 1 ? 3 : r.int(0, 2);
    let t = firstActivity - (pre + 1) * 3 * DAY;
    registeredAt = firstActivity;
    for (let s = 0; s < pre; s++, t += 3 * DAY)
      browse(viaApp ? 'mobile' : 'web', t, [r.pick(EVERYDAY), r.pick(EVERYDAY)]);
    const channel: Channel = viaApp ? 'mobile' : 'web';
    const traits: Record<string, unknown> = {
      firstName: first,
      lastName: last,
      email,
      city: home.city,
      region: home.region,
      loyaltyCard: card,
      homeStore: home.id,
      gender: female ? 'female' : 'male',
    };
    // The +7 900 block is the pharmacy's (see above): 104,729 is prime, so members' numbers never repeat.
    if (r.chance(0.5)) traits.phone = `+7900${String((no * 104_729) % 10_000_000).padStart(7, '0')}`;
    messages.push({
      channel,
      msg: {
        type: 'identify',
        messageId: mid(),
        userId,
        anonymousId: viaApp ? appAnon : webAnon,
        traits,
        context: { externalIds: [{ id: card, type: 'loyalty_card', collection: 'users', encoding: 'none' }] },
        timestamp: ts(firstActivity),
      },
    });
  }

  const orders: DemoOrder[] = [];
  for (const t of times) {
    const channel: Channel = r.chance(0.75) ? pref : r.pick(['pos', 'pos', 'web', 'mobile'] as Channel[]);
    const items = basket(t);
    const revenue = items.reduce((s, i) => s + bySku.get(i.sku)!.price * i.quantity, 0);
    const store = channel === 'pos' ? r.pick(stores) : null;
    const orderId = `${channel === 'pos' ? 'R' : channel === 'web' ? 'W' : 'M'}-${pad}-${orders.length + 1}`;
    const at = t + r.int(9, 20) * 3600_000;
    if (channel !== 'pos' && registered)
      browse(
        channel,
        at - 15 * 60_000,
        items.map((i) => i.sku),
      );
    const effectiveChannel: Channel = channel !== 'pos' && !registered ? 'pos' : channel;
    const where = store ?? (effectiveChannel === 'pos' ? r.pick(stores) : null);
    orders.push({ at, channel: effectiveChannel, orderId, revenue, storeId: where?.id ?? null, items });
    messages.push({
      channel: effectiveChannel,
      msg: {
        type: 'track',
        messageId: mid(),
        ...who(effectiveChannel, at),
        event: 'Order Completed',
        properties: {
          order_id: orderId,
          revenue,
          currency: 'RUB',
          channel: effectiveChannel === 'pos' ? 'store' : effectiveChannel,
          store_id: where?.id ?? null,
          store_name: where?.name ?? null,
          city: where?.city ?? home.city,
          region: where?.region ?? home.region,
          products: items.map((i) => ({ ...productProps(bySku.get(i.sku)!), quantity: i.quantity })),
        },
        context:
          effectiveChannel === 'pos'
            ? { externalIds: [{ id: card, type: 'loyalty_card', collection: 'users', encoding: 'none' }] }
            : {},
        timestamp: ts(at),
      },
    });
  }
  // Browsers: a few visits, never a purchase.
  if (kind === 'browser')
    for (let s = 0, t = firstActivity + 2 * DAY; s < r.int(1, 4) && t < now; s++, t += r.int(5, 40) * DAY)
      browse(pref === 'mobile' ? 'mobile' : 'web', t, [r.pick(EVERYDAY)]);

  messages.sort(
    (a, b) =>
      Date.parse(a.msg.timestamp as string) - Date.parse(b.msg.timestamp as string) ||
      (a.msg.messageId as string).localeCompare(b.msg.messageId as string),
  );
  return {
    no,
    userId,
    card,
    email: registered ? email : null,
    kind,
    holdout: no >= DEMO_HOLDOUT_FROM,
    registered,
    orders,
    messages,
  };
}

/** The CRM people's emails (other stories' people): no demo member may use one. */
export async function demoCrmEmails(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const { rows } = await sql<{ email: string }>`
    SELECT DISTINCT unnest(emails) AS email FROM crm_people WHERE workspace_id = ${workspaceId} ORDER BY 1`.execute(db);
  return rows.map((r) => r.email);
}

export async function seedCdpDemo(
  k: Kernel,
  { workspaceId: ws, log, now }: { workspaceId: string; log: (line: string) => void; now?: number },
) {
  const started = Date.now();
  const actor = systemActor(ws, 'demo', 'import');
  const existing = await k.cdp.listSources(ws);
  const sources = new Map<Channel, SourceAuth>();
  let created = 0;
  for (const s of DEMO_SOURCES) {
    let view = existing.find((x) => x.name === s.name && x.kind === s.kind);
    if (!view) {
      view = await k.cdp.createSource(actor, { name: s.name, kind: s.kind, origin: 'first' });
      created++;
    }
    sources.set(s.kind, {
      id: view.id,
      workspaceId: ws,
      name: view.name,
      kind: view.kind,
      origin: view.origin,
      disabled: view.disabled,
    });
  }
  const members = planCdpDemo(now ?? started, await demoCrmEmails(k.db, ws));
  // Already seeded (the last message of the last member is stored): nothing to send again.
  const lastId = members[members.length - 1].messages.at(-1)!.msg.messageId as string;
  if (
    !created &&
    (await k.db
      .selectFrom('events')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('message_id', '=', lastId)
      .executeTakeFirst())
  ) {
    log('cdp: tracked events already there, left as they are');
    return;
  }
  // Members in groups; each group's messages per source in time order (web, then app, then tills).
  let accepted = 0;
  let stored = 0;
  const GROUP = 60;
  for (let g = 0; g < members.length; g += GROUP) {
    const group = members.slice(g, g + GROUP).flatMap((m) => m.messages);
    group.sort((a, b) => Date.parse(a.msg.timestamp as string) - Date.parse(b.msg.timestamp as string));
    for (const channel of ['web', 'mobile', 'pos'] as Channel[]) {
      const msgs = group.filter((x) => x.channel === channel).map((x) => x.msg);
      for (let i = 0; i < msgs.length; i += BATCH) {
        const res = await k.cdp.ingest(sources.get(channel)!, msgs.slice(i, i + BATCH), {
          receivedAt: new Date(started),
        });
        if (res.rejected.length) throw new Error(`demo events rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`);
        accepted += res.accepted;
        stored += res.accepted - res.duplicates;
      }
    }
  }
  // Computed traits follow ingest (fold-follower.ts): folded before the demo is reported done.
  await k.cdp.settled(ws);
  const orders = members.reduce((s, m) => s + m.orders.length, 0);
  log(
    `cdp: ${created} sources added, ${members.length} loyalty members, ${orders} orders, ${stored} of ${accepted} tracked events new; in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
