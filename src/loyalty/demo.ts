import { sql } from 'kysely';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';
import type { DemoSeeder } from '../core/module.ts';
import type { AppendedEvent } from '../cdp/index.ts';
import type { LoyaltyKernel } from './kernel.ts';
import { basePoints } from './mechanics/points-multiplier.ts';
import { POINTS_EVENT } from './points.ts';
import type { PointType } from './tables.ts';

const DAY = 86_400_000;
const CHUNK = 2000;
/** FNV-1a: a stable number per string (a member's birthday, which orders spend points). */
const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};
const BIRTHDAY_PROMO = '500 баллов ко дню рождения';

/**
 * Loyalty's part of the pharmacy story (SCENARIOS.md §1), after the CDP's members and orders:
 * - the catalogue: every product the members' `Order Completed` events carry (sku, name, category, price);
 * - promotions: "Купи 2 — третий в подарок" on vitamins in the Volga region (two weeks, active),
 *   "5× баллов", cosmetics −15 %, a lip balm with an SPF, 500 points for a birthday, last
 *   autumn's vitamin D3 −10 % (ended) and a draft;
 * - each member's points ledger from their orders: 100 welcome points, 1 point per 100 ₽ on what
 *   was paid, every fourth order paying part with points, lots older than the TTL expired (FIFO),
 *   with their timeline events — written with a few bulk statements;
 * - birthdays for registered members (an identify through the CDP's ingest, as an app's profile
 *   form sends it); the birthday job then grants those whose window is now.
 * Idempotent: a workspace that has the birthday promotion is left as it is.
 */
export const seedLoyaltyDemo: DemoSeeder<LoyaltyKernel> = async (k, { workspaceId: ws, log, now }) => {
  const started = Date.now();
  const actor = systemActor(ws, 'demo', 'import');
  const done = await k.db
    .selectFrom('loyalty_promotions')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('name', '=', BIRTHDAY_PROMO)
    .executeTakeFirst();
  if (done) {
    log('loyalty: promotions and points already there, left as they are');
    return;
  }
  // The catalogue, from the products the CDP demo's orders carry (the CDP's events: read once here).
  const products = await sql<{ sku: string; name: string; category: string | null; price: string | null }>`
    SELECT DISTINCT ON (p->>'sku') p->>'sku' AS sku, p->>'name' AS name, p->>'category' AS category, p->>'price' AS price
    FROM events e, jsonb_array_elements(e.properties->'products') p
    WHERE e.workspace_id = ${ws} AND e.type = 'track' AND e.event = 'Order Completed' AND jsonb_typeof(e.properties->'products') = 'array'
      AND p->>'sku' IS NOT NULL
    ORDER BY p->>'sku', e.occurred_at DESC
  `.execute(k.db);
  if (products.rows.length)
    await k.loyalty.products.upsert(
      actor,
      products.rows.map((p) => ({
        sku: p.sku,
        name: p.name || p.sku,
        category: p.category,
        price: p.price === null ? null : Number(p.price),
      })),
    );
  const skus = new Set(products.rows.map((p) => p.sku));
  const categories = new Set(products.rows.map((p) => p.category));
  const iso = (t: number) => new Date(t).toISOString();
  const promo = async (input: Parameters<LoyaltyKernel['loyalty']['promotions']['create']>[1], activate = true) => {
    const p = await k.loyalty.promotions.create(actor, input);
    if (activate) await k.loyalty.promotions.activate(actor, p.id);
    return p;
  };
  if (categories.has('Витамины'))
    await promo({
      name: 'Купи 2 — третий в подарок',
      description: 'Витамины: при покупке двух упаковок третья (самая дешёвая) бесплатно. Поволжье, две недели.',
      mechanic: 'buy_n_get_m',
      params: { n: 2, m: 1, categories: ['Витамины'] },
      startsAt: iso(now - 3 * DAY),
      endsAt: iso(now + 11 * DAY),
      geography: { regions: ['Поволжье'] },
      limitPerPerson: 3,
    });
  await promo({
    name: '5× баллов',
    description: 'Пятикратные баллы за любую покупку в выходные дни акции.',
    mechanic: 'points_multiplier',
    params: { multiplier: 5 },
    startsAt: iso(now - DAY),
    endsAt: iso(now + 6 * DAY),
    limitTotal: 50_000,
  });
  if (categories.has('Косметика'))
    await promo({
      name: 'Косметика −15 %',
      description: 'Скидка 15 % на всю косметику в Москве и Санкт-Петербурге.',
      mechanic: 'percent_off',
      params: { percent: 15, categories: ['Косметика'] },
      endsAt: iso(now + 20 * DAY),
      geography: { regions: ['Москва', 'Санкт-Петербург'] },
    });
  if (skus.has('COSM-LIPS') && skus.has('COSM-SPF50'))
    await promo({
      name: 'Бальзам для губ в подарок к SPF',
      description: 'При покупке солнцезащитного крема от 1000 ₽ — бальзам для губ в подарок.',
      mechanic: 'gift',
      params: { giftSku: 'COSM-LIPS', minTotal: 1000, skus: ['COSM-SPF50'] },
      limitTotal: 2000,
    });
  const birthday = await promo({
    name: BIRTHDAY_PROMO,
    description: 'За три дня до дня рождения и неделю после — 500 бонусных баллов, раз в год.',
    mechanic: 'birthday_points',
    params: { points: 500, daysBefore: 3, daysAfter: 7 },
  });
  if (skus.has('VIT-D3')) {
    const autumn = await promo(
      {
        name: 'Витамин D3 −10 % (осень)',
        description: 'Осенняя акция на витамин D3.',
        mechanic: 'percent_off',
        params: { percent: 10, skus: ['VIT-D3'] },
        startsAt: iso(now - 70 * DAY),
        endsAt: iso(now - 40 * DAY),
      },
      false,
    );
    // Ran last autumn: active until its end, so it shows as ended.
    await k.db
      .updateTable('loyalty_promotions')
      .set({ status: 'active', redemptions: 412 })
      .where('workspace_id', '=', ws)
      .where('id', '=', autumn.id)
      .execute();
  }
  await promo(
    {
      name: 'Ночь скидок',
      description: 'Черновик: −20 % на всё с 22:00 до 02:00.',
      mechanic: 'percent_off',
      params: { percent: 20 },
    },
    false,
  );

  // Each member's ledger from their orders (the CDP's events, merges followed).
  const orders = await sql<{ person_id: string; at: Date; order_id: string | null; revenue: string | null }>`
    SELECT coalesce(p.merged_into, e.person_id) AS person_id, e.occurred_at AS at,
           e.properties->>'order_id' AS order_id, e.properties->>'revenue' AS revenue
    FROM events e JOIN persons p ON p.workspace_id = e.workspace_id AND p.id = e.person_id
    WHERE e.workspace_id = ${ws} AND e.type = 'track' AND e.event = 'Order Completed'
    ORDER BY 1, e.occurred_at, e.id
  `.execute(k.db);
  const rate = k.config.pointsPer100;
  const ttl = k.config.pointsTtlDays;
  const entries: Record<string, unknown>[] = [];
  const balances: { person_id: string; balance: number }[] = [];
  const events: AppendedEvent[] = [];
  const byPerson = new Map<string, typeof orders.rows>();
  for (const o of orders.rows) byPerson.set(o.person_id, [...(byPerson.get(o.person_id) ?? []), o]);
  for (const [personId, list] of byPerson) {
    type Lot = { id: string; remaining: number; expires: number | null; row: Record<string, unknown> };
    const lots: Lot[] = [];
    let balance = 0;
    const add = (
      type: PointType,
      points: number,
      at: number,
      reason: string,
      orderId: string | null,
      promotionId: string | null = null,
    ) => {
      balance += points;
      const id = newId();
      const lot = points > 0 && (type === 'earn' || type === 'adjust');
      const expires = lot && ttl > 0 ? at + ttl * DAY : null;
      const row: Record<string, unknown> = {
        workspace_id: ws,
        id,
        person_id: personId,
        type,
        points,
        balance_after: balance,
        remaining: lot ? points : null,
        reason,
        order_id: orderId,
        promotion_id: promotionId,
        expires_at: expires === null ? null : iso(expires),
        idempotency_key: `demo:${personId}:${entries.length}`,
        created_by: 'demo',
        created_at: iso(at),
      };
      entries.push(row);
      if (lot) lots.push({ id, remaining: points, expires, row });
      events.push({
        personId,
        type: 'loyalty',
        event: POINTS_EVENT[type],
        properties: { entryId: id, points, balanceAfter: balance, reason, ...(orderId ? { orderId } : {}) },
        occurredAt: new Date(at),
        messageId: `loyalty:points:${id}`,
      });
    };
    const use = (points: number) => {
      for (const l of lots) {
        if (points <= 0) break;
        const take = Math.min(points, l.remaining);
        l.remaining -= take;
        l.row.remaining = l.remaining;
        points -= take;
      }
    };
    const expireUntil = (t: number) => {
      for (const l of lots)
        if (l.remaining > 0 && l.expires !== null && l.expires <= t) {
          const left = l.remaining;
          l.remaining = 0;
          l.row.remaining = 0;
          add(
            'expire',
            -left,
            l.expires,
            `Сгорели баллы, начисленные до ${iso(l.expires).slice(0, 10)}`,
            (l.row.order_id as string) ?? null,
          );
        }
    };
    add('earn', 100, new Date(list[0].at).getTime() - 60_000, 'Приветственные баллы', null);
    list.forEach((o, i) => {
      const at = new Date(o.at).getTime();
      expireUntil(at);
      const revenue = Math.round(Number(o.revenue ?? 0) * 100);
      let spent = 0;
      if (hash(`${personId}:${i}`) % 4 === 3 && balance >= 50) {
        spent = Math.min(balance, Math.floor(revenue / 100 / 3));
        if (spent > 0) {
          use(spent);
          add('spend', -spent, at, `Оплата баллами, заказ ${o.order_id ?? ''}`.trim(), o.order_id);
        }
      }
      const earned = basePoints(revenue - spent * 100, rate);
      if (earned > 0) add('earn', earned, at + 1000, `Заказ ${o.order_id ?? ''}`.trim(), o.order_id);
    });
    expireUntil(now);
    balances.push({ person_id: personId, balance });
  }
  for (let i = 0; i < entries.length; i += CHUNK)
    await sql`
      INSERT INTO loyalty_points (workspace_id, id, person_id, type, points, balance_after, remaining, reason, order_id, promotion_id, expires_at, idempotency_key, created_by, created_at)
      SELECT x.workspace_id, x.id, x.person_id, x.type, x.points, x.balance_after, x.remaining, x.reason, x.order_id, x.promotion_id, x.expires_at, x.idempotency_key, x.created_by, x.created_at
      FROM jsonb_to_recordset(${JSON.stringify(entries.slice(i, i + CHUNK))}::jsonb) AS x(
        workspace_id uuid, id uuid, person_id uuid, type text, points int, balance_after int, remaining int, reason text,
        order_id text, promotion_id uuid, expires_at timestamptz, idempotency_key text, created_by text, created_at timestamptz)
      ON CONFLICT DO NOTHING
    `.execute(k.db);
  for (let i = 0; i < balances.length; i += CHUNK)
    await sql`
      INSERT INTO loyalty_balances (workspace_id, person_id, balance)
      SELECT ${ws}, x.person_id, x.balance FROM jsonb_to_recordset(${JSON.stringify(balances.slice(i, i + CHUNK))}::jsonb) AS x(person_id uuid, balance int)
      ON CONFLICT (workspace_id, person_id) DO UPDATE SET balance = excluded.balance
    `.execute(k.db);
  for (let i = 0; i < events.length; i += CHUNK)
    await k.cdp.directory.appendEvents(k.db, ws, events.slice(i, i + CHUNK));

  // Birthdays of registered members, as the app's profile form sends them (an identify per member).
  const app = (await k.cdp.listSources(ws)).find((s) => s.kind === 'mobile');
  let birthdays = 0;
  if (app) {
    const source = {
      id: app.id,
      workspaceId: ws,
      name: app.name,
      kind: app.kind,
      origin: app.origin,
      disabled: app.disabled,
    };
    const ids = [...byPerson.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const people = await k.cdp.getPeople(ws, ids.slice(i, i + 500));
      const msgs: unknown[] = [];
      for (const [id, p] of people) {
        const userId = p.identities.find((x) => x.kind === 'user_id')?.value;
        if (!userId || p.traits.birthday) continue;
        const h = hash(`bday:${id}`);
        // Born 1950–2004, any day of the year (the day drawn so that a few are due this week).
        const day = new Date(Date.UTC(1950 + (h % 55), 0, 1) + ((h >>> 8) % 365) * DAY);
        msgs.push({
          type: 'identify',
          messageId: `loyalty-demo-birthday-${id}`,
          userId,
          traits: { birthday: day.toISOString().slice(0, 10) },
          timestamp: iso(now - 60_000),
        });
      }
      if (msgs.length) {
        const r = await k.cdp.ingest(source, msgs, { receivedAt: new Date(started) });
        birthdays += r.accepted;
      }
    }
    await k.cdp.settled(ws);
  }
  const granted = await k.loyalty.birthdays.grant(ws, birthday.id, new Date(now));
  log(
    `loyalty: ${products.rows.length} products, 7 promotions, ${entries.length} points entries for ${balances.length} members, ${birthdays} birthdays (${granted} granted now); in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
};
