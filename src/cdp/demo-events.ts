import { sql } from 'kysely';
import type { CdpKernel as Kernel } from './kernel.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { SourceAuth } from './cdp.ts';
import { seededRandom } from '../core/seeded-random.ts';
import { RU_FEMALE, RU_LAST, RU_MALE, translit } from './demo-names.ts';

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
 * - churners (`kind: 'churner'`, 18 %): they buy at a steady rhythm, then decline for 3–7 months —
 *   each gap ×1.3–1.6 the one before, baskets shrink to one product, they stop opening the
 *   fortnightly newsletter (`Email Opened`, the site's pixel) and often complain once
 *   (`Feedback Submitted` rating 1–2) — and stop. The last order falls anywhere from 14 months ago
 *   to 3 months ahead (some are declining right now), so at any cut-off most of those about to
 *   stop still ordered recently: recency alone does not see them, the decline does. Real churn
 *   looks like this: customers drift away before they are gone, and by the time recency shows it
 *   they have left. Noise (DEMO_CHURN): 8 % of loyal and regular members stop without warning,
 *   some content buyers stop reading the newsletter, some complain and stay. At now − 90 days about
 *   12 % of the active customers (an order in the 120 days before) order nothing in the next 90;
 * - needs (`DEMO_NEEDS`): each member's baskets come mostly from one or two product families
 *   (vitamins, skin, baby, heart, digestion, allergy, teeth, joints, diabetes), a family's products
 *   bought together, chronic ones (baby, heart, allergy, diabetes) with a staple bought again;
 * - co-purchase pairs (`CO_PURCHASE`): a cold remedy is usually bought with a throat spray, vitamin D
 *   with omega-3, a sunscreen with an after-sun lotion;
 * - seasonality: cold remedies mostly from October to March.
 * `planCdpDemo(now, emails, {seed, signal})` makes another data set from the same generator
 * (bench/models.ts: seed 7, signal 0.5 — every planted churn and family signal half as strong).
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
  P('COSM-SERUM', 'Сыворотка с гиалуроновой кислотой', 'Косметика', 1290),
  P('COSM-TONER', 'Тоник для лица', 'Косметика', 690),
  P('BABY-WIPES', 'Влажные салфетки детские', 'Мама и малыш', 190),
  P('BABY-FORMULA', 'Детская смесь NAN 2, 800 г', 'Мама и малыш', 1350),
  P('BABY-SYRUP', 'Нурофен для детей, суспензия', 'Мама и малыш', 320),
  P('CARD-ASPIRIN', 'Кардиомагнил 75 мг, 100 табл.', 'Сердце и давление', 280),
  P('CARD-CONCOR', 'Конкор 5 мг, 50 табл.', 'Сердце и давление', 390),
  P('CARD-LOZAP', 'Лозап 50 мг, 90 табл.', 'Сердце и давление', 760),
  P('CARD-PANANGIN', 'Панангин, 50 табл.', 'Сердце и давление', 210),
  P('DIG-LINEX', 'Линекс форте, 14 капс.', 'Пищеварение', 640),
  P('DIG-OMEPRAZOLE', 'Омепразол 20 мг, 30 капс.', 'Пищеварение', 150),
  P('DIG-GAVISCON', 'Гевискон, суспензия', 'Пищеварение', 450),
  P('ALL-CETRIN', 'Цетрин 10 мг, 20 табл.', 'Аллергия', 280),
  P('ALL-AVAMIS', 'Авамис, спрей назальный', 'Аллергия', 790),
  P('ALL-EYEDROPS', 'Опатанол, капли глазные', 'Аллергия', 640),
  P('HYG-FLOSS', 'Зубная нить', 'Гигиена', 210),
  P('HYG-MOUTHWASH', 'Ополаскиватель для рта', 'Гигиена', 320),
  P('PAIN-VOLTAREN', 'Вольтарен эмульгель', 'Обезболивающие', 590),
  P('PAIN-CHONDRO', 'Хондроитин, 60 капс.', 'Обезболивающие', 980),
  P('PAIN-KETOROL', 'Кеторол 10 мг, 20 табл.', 'Обезболивающие', 90),
  P('DIAB-GLUCOMETER', 'Глюкометр Контур Плюс', 'Диабет', 1290),
  P('DIAB-STRIPS', 'Тест-полоски Контур Плюс, 50 шт.', 'Диабет', 1150),
  P('DIAB-LANCETS', 'Ланцеты, 100 шт.', 'Диабет', 420),
  P('DIAB-METFORMIN', 'Метформин 850 мг, 60 табл.', 'Диабет', 170),
];
/**
 * A member's needs (product families): most of her baskets come from one or two of them, and the
 * chronic ones (`repeat`) she buys again and again — what item-to-item co-purchase can learn and
 * popularity cannot. The rest of a basket is anything (and cold remedies in the season).
 */
export const DEMO_NEEDS: { need: string; skus: string[]; repeat: boolean }[] = [
  { need: 'vitamins', skus: ['VIT-D3', 'VIT-OMEGA3', 'VIT-C', 'VIT-MULTI', 'VIT-MG-B6'], repeat: false },
  { need: 'skin', skus: ['COSM-CREAM', 'COSM-MICELLAR', 'COSM-LIPS', 'COSM-SERUM', 'COSM-TONER'], repeat: false },
  { need: 'baby', skus: ['BABY-DIAPERS', 'BABY-CREAM', 'BABY-WIPES', 'BABY-FORMULA', 'BABY-SYRUP'], repeat: true },
  {
    need: 'heart',
    skus: ['DEV-TONOMETER', 'CARD-ASPIRIN', 'CARD-CONCOR', 'CARD-LOZAP', 'CARD-PANANGIN'],
    repeat: true,
  },
  {
    need: 'digestion',
    skus: ['DIG-MEZIM', 'DIG-SMECTA', 'DIG-LINEX', 'DIG-OMEPRAZOLE', 'DIG-GAVISCON'],
    repeat: false,
  },
  { need: 'allergy', skus: ['ALL-ZODAK', 'ALL-CETRIN', 'ALL-AVAMIS', 'ALL-EYEDROPS'], repeat: true },
  { need: 'teeth', skus: ['HYG-TOOTHPASTE', 'HYG-FLOSS', 'HYG-MOUTHWASH', 'HYG-ANTISEPTIC'], repeat: false },
  { need: 'joints', skus: ['PAIN-NUROFEN', 'PAIN-VOLTAREN', 'PAIN-CHONDRO', 'PAIN-KETOROL'], repeat: false },
  { need: 'diabetes', skus: ['DIAB-GLUCOMETER', 'DIAB-STRIPS', 'DIAB-LANCETS', 'DIAB-METFORMIN'], repeat: true },
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

/**
 * The churn signals (bench/models.ts measures the models on them), at signal 1: 6 % of loyal and
 * regular members stop without warning; a churner complains once in her decline with probability
 * 0.6 and stops opening 85 % of the newsletters she would have opened; 12 % of the others stop
 * reading the newsletter and keep buying. (The decline itself: planMember.)
 */
export const DEMO_CHURN = { dropout: 0.08, complaint: 0.6, unread: 0.85, quietReaders: 0.12 } as const;
const DEMO_NEWSLETTERS = 21;
const FEEDBACK_TOPICS = ['нет в наличии', 'долгое ожидание', 'ошибка в заказе', 'цены выросли', 'грубость персонала'];

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
export function planCdpDemo(now: number, crmEmails: string[] = [], opts: DemoPlanOptions = {}): DemoMember[] {
  const members: DemoMember[] = [];
  const taken = new Set(crmEmails.map((e) => e.toLowerCase()));
  const o = { seed: opts.seed ?? SEED, signal: opts.signal ?? 1 };
  for (let no = 1; no <= (opts.members ?? DEMO_MEMBERS); no++) members.push(planMember(no, now, taken, o));
  return members;
}

/**
 * Another data set from the same generator (bench/models.ts): another seed, and `signal` scales
 * every planted churn and co-purchase signal (1 = the demo's; 0.5 = half as strong).
 */
export interface DemoPlanOptions {
  seed?: number;
  signal?: number;
  members?: number;
}

function planMember(no: number, now: number, taken: Set<string>, o: { seed: number; signal: number }): DemoMember {
  const r = rng(o.seed + no * 7919);
  // The signals planted for the models draw from their own stream (kinds, names and channels stay as they were).
  const r2 = rng(o.seed * 31 + no * 7919 + 17);
  const sig = o.signal;
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
  // A churner's decline (see DEMO_CHURN): from `declineAt` on, until her last order at `end`.
  let declineAt = Infinity;
  let end = Infinity;
  if (kind === 'loyal' || kind === 'regular') {
    const gap = kind === 'loyal' ? [20, 45] : [50, 110];
    // Noise: some stop at a moment nothing foretells (moved away, a new pharmacy next door).
    const stop = r2.chance(DEMO_CHURN.dropout) ? start + r2.int(200, 900) * DAY : now - DAY;
    let t = start + r.int(0, 240) * DAY;
    while (t < Math.min(stop, now - DAY)) {
      times.push(t);
      t += r.int(gap[0], gap[1]) * DAY + r.int(0, DAY);
    }
  } else if (kind === 'churner') {
    // The planted decline: a steady rhythm, then each gap ×(1 + signal·(0.3…0.6)) for 3–7 months
    // until the last order at `end`; `end` is spread over the two years and beyond now (some are
    // declining at this moment). Member 2, the story's churner, stopped five months ago.
    end = no === 2 ? now - 150 * DAY : now + r2.int(-420, 90) * DAY;
    declineAt = end - (no === 2 ? 400 : r2.int(90, 210)) * DAY;
    let gap = no === 2 ? 14 : r2.int(18, 50);
    let t = start + r2.int(0, 60) * DAY;
    while (t <= end && t < now - DAY) {
      times.push(t);
      if (t >= declineAt) gap *= 1 + sig * (0.3 + 0.3 * r2.next());
      t += Math.round(gap * (0.85 + 0.3 * r2.next())) * DAY + r.int(0, DAY);
    }
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
  // Her needs (DEMO_NEEDS): one or two families most of her baskets come from; for a chronic one a staple bought each time.
  const needs = [r2.pick(DEMO_NEEDS)];
  if (r2.chance(0.4)) needs.push(r2.pick(DEMO_NEEDS.filter((x) => x !== needs[0])));
  const staples = needs.filter((x) => x.repeat).map((x) => r2.pick(x.skus));
  const basket = (t: number) => {
    const month = new Date(t).getUTCMonth();
    const coldSeason = month >= 9 || month <= 2;
    const declining = t >= declineAt;
    const skus: string[] = [];
    // A declining member's baskets shrink to one product (the falling check).
    const n = declining && r2.chance(0.7 * Math.min(1, sig)) ? 1 : r.int(1, 3);
    if (!declining || r2.chance(0.5)) for (const x of staples) if (r2.chance(0.75)) skus.push(x);
    // One need per basket: its products are bought together.
    const need = r2.pick(needs);
    for (let i = skus.length; i < n; i++) {
      const sku =
        coldSeason && r.chance(0.25)
          ? r.pick(COLD)
          : r2.chance(0.5 + 0.4 * Math.min(1, sig))
            ? r2.pick(need.skus)
            : r.pick(EVERYDAY);
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
  // After some orders a rating in the app or on the site (post-purchase survey); a declining
  // member often complains once (rating 1–2), a few content ones do too (the noise).
  let complained = false;
  const feedbackChannel: Channel = pref === 'mobile' ? 'mobile' : 'web';
  for (const o of registered ? orders : []) {
    const complain: boolean = !complained && o.at >= declineAt && r2.chance(DEMO_CHURN.complaint * Math.min(1, sig));
    if (!complain && !r2.chance(0.08)) continue;
    complained ||= complain;
    const at = o.at + r2.int(2, 72) * 3600_000;
    if (at >= now) continue;
    const rating = complain || r2.chance(0.08) ? r2.int(1, 2) : r2.pick([3, 4, 4, 5, 5, 5]);
    messages.push({
      channel: feedbackChannel,
      msg: {
        type: 'track',
        messageId: mid(),
        ...who(feedbackChannel, at),
        event: 'Feedback Submitted',
        properties: { order_id: o.orderId, rating, topic: rating <= 2 ? r2.pick(FEEDBACK_TOPICS) : 'service' },
        timestamp: ts(at),
      },
    });
  }
  // The fortnightly newsletter of the last ten months, opened as the site's pixel reports it
  // ("Email Opened"): each reader her own open rate; a declining member stops opening a month into
  // her decline, and after her last order hardly ever opens; some content buyers stop reading too.
  if (registered) {
    const rate = r2.int(15, 70) / 100;
    const quietFrom = kind !== 'churner' && r2.chance(DEMO_CHURN.quietReaders) ? now - r2.int(0, 400) * DAY : Infinity;
    for (let k = DEMO_NEWSLETTERS; k >= 1; k--) {
      const sent = now - k * 14 * DAY - 10 * 3600_000;
      if (sent < registeredAt) continue;
      const p =
        sent >= end
          ? rate * 0.05
          : sent >= declineAt + 30 * DAY
            ? rate * (1 - DEMO_CHURN.unread * Math.min(1, sig))
            : sent >= quietFrom
              ? rate * 0.2
              : rate;
      if (!r2.chance(p)) continue;
      const at = sent + r2.int(1, 48) * 3600_000;
      if (at >= now) continue;
      messages.push({
        channel: 'web',
        msg: {
          type: 'track',
          messageId: mid(),
          ...who('web', at),
          event: 'Email Opened',
          properties: { email_id: `newsletter-${Math.floor(sent / (14 * DAY))}`, email_subject: 'Новости Аптеки Плюс' },
          timestamp: ts(at),
        },
      });
    }
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
