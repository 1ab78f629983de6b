import type { PersonFacts } from '../cdp/index.ts';
import { seededRandom } from '../core/seeded-random.ts';

const DAY = 86_400_000;
const CATEGORIES = ['Витамины', 'Простуда и грипп', 'Горло', 'Уход', 'Обезболивающие', 'Желудок'];

export type SynthKind = 'loyal' | 'regular' | 'churner' | 'one_time' | 'dropout';
export type PayerKind = 'none' | 'good' | 'late';

export interface SynthPerson {
  userId: string;
  kind: SynthKind;
  payer: PayerKind;
  orders: { at: number; revenue: number; category: string }[];
  invoices: { id: string; issuedAt: number; amount: number; due: number; paidAt: number | null; daysLate: number }[];
}

/**
 * A generated population with the demo's planted signals (src/cdp/demo-events.ts), for the insights
 * tests and bench/models.ts: `loyal` order every 3–6 weeks to now; `regular` every 2–4 months;
 * `churner` order steadily, then their gaps grow ×(1 + signal·0.3 … 1 + signal·0.6) for 3–7 months
 * and they stop (the last order anywhere from 14 months ago to 3 months ahead: some stop in any window); `dropout` order like regulars and stop at a random moment without slowing
 * (churn no model can foresee: the noise); `one_time` bought once. Payers: `good` pay invoices on
 * time, `late` pay later and later and then stop paying (default). The same seed gives the same people.
 */
export function synthPeople(opts: {
  people: number;
  seed: number;
  now: number;
  signal?: number;
  prefix?: string;
  invoiceShare?: number;
}): SynthPerson[] {
  const signal = opts.signal ?? 1;
  const out: SynthPerson[] = [];
  const start = opts.now - 730 * DAY;
  for (let no = 1; no <= opts.people; no++) {
    const r = seededRandom(opts.seed * 100_003 + no * 7919);
    const roll = r.next();
    const kind: SynthKind =
      roll < 0.2 ? 'loyal' : roll < 0.5 ? 'regular' : roll < 0.72 ? 'churner' : roll < 0.85 ? 'dropout' : 'one_time';
    const times: number[] = [];
    if (kind === 'loyal' || kind === 'regular' || kind === 'dropout') {
      const gap = kind === 'loyal' ? [20, 45] : [50, 110];
      const stop = kind === 'dropout' ? opts.now - r.int(30, 500) * DAY : opts.now - DAY;
      let t = start + r.int(0, 240) * DAY;
      while (t < stop) {
        times.push(t);
        t += r.int(gap[0], gap[1]) * DAY + r.int(0, DAY);
      }
    } else if (kind === 'churner') {
      // As the demo's (planMember): a steady rhythm, a decline of 3–7 months, the last order at
      // `stop`, spread over the two years and beyond now.
      const stop = opts.now + r.int(-420, 90) * DAY;
      const declineAt = stop - r.int(90, 210) * DAY;
      let gap = r.int(18, 50);
      let t = start + r.int(0, 60) * DAY;
      while (t <= stop && t < opts.now - DAY) {
        times.push(t);
        if (t >= declineAt) gap *= 1 + signal * (0.3 + r.next() * 0.3);
        t += Math.round(gap) * DAY + r.int(0, DAY);
      }
    } else times.push(start + r.int(30, 600) * DAY);
    const home = r.pick(CATEGORIES);
    const orders = times.map((at) => ({
      at,
      revenue: r.int(2, 40) * 50,
      category: r.chance(0.6) ? home : r.pick(CATEGORIES),
    }));
    const payer: PayerKind = r.chance(opts.invoiceShare ?? 0) ? (r.chance(0.3) ? 'late' : 'good') : 'none';
    const invoices: SynthPerson['invoices'] = [];
    if (payer !== 'none') {
      const defaultAt = opts.now - r.int(10, 200) * DAY;
      let late = r.int(3, 6);
      for (let t = start + r.int(0, 60) * DAY, i = 1; t < opts.now - 35 * DAY; t += r.int(25, 35) * DAY, i++) {
        const due = t + 14 * DAY;
        let daysLate = payer === 'good' ? (r.chance(0.15) ? r.int(1, 3) : 0) : late;
        // Chronic late payers pay later and later (under 30 days late), then stop paying.
        if (payer === 'late') late = Math.min(28, late + r.int(0, 2));
        const defaulted = payer === 'late' && t >= defaultAt;
        if (payer === 'good' && r.chance(0.03)) daysLate = r.int(5, 20);
        invoices.push({
          id: `INV-${opts.prefix ?? 'p'}-${no}-${i}`,
          issuedAt: t,
          amount: r.int(10, 200) * 100,
          due,
          paidAt: defaulted ? null : due + daysLate * DAY,
          daysLate,
        });
      }
    }
    out.push({ userId: `${opts.prefix ?? 'synth'}-${String(no).padStart(6, '0')}`, kind, payer, orders, invoices });
  }
  return out;
}

/** The person's tracked messages (Segment spec) for `/v1/batch`: an identify, orders, invoices, payments. */
export function synthMessages(p: SynthPerson, now: number): Record<string, unknown>[] {
  const ts = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  const first = Math.min(p.orders[0]?.at ?? now, p.invoices[0]?.issuedAt ?? now) - DAY;
  const msgs: Record<string, unknown>[] = [
    { type: 'identify', userId: p.userId, traits: { email: `${p.userId}@synth.test` }, timestamp: ts(first) },
  ];
  p.orders.forEach((o, i) => {
    msgs.push({
      type: 'track',
      userId: p.userId,
      event: 'Order Completed',
      messageId: `${p.userId}-o${i}`,
      properties: {
        order_id: `${p.userId}-o${i}`,
        revenue: o.revenue,
        currency: 'RUB',
        products: [{ sku: `SKU-${o.category.length}`, category: o.category, price: o.revenue, quantity: 1 }],
      },
      timestamp: ts(o.at),
    });
  });
  for (const inv of p.invoices) {
    msgs.push({
      type: 'track',
      userId: p.userId,
      event: 'Invoice Issued',
      messageId: `${inv.id}-i`,
      properties: { invoiceId: inv.id, amount: inv.amount, dueDate: new Date(inv.due).toISOString().slice(0, 10) },
      timestamp: ts(inv.issuedAt),
    });
    if (inv.paidAt !== null && inv.paidAt < now)
      msgs.push({
        type: 'track',
        userId: p.userId,
        event: 'Invoice Paid',
        messageId: `${inv.id}-p`,
        properties: { invoiceId: inv.id, paidAt: new Date(inv.paidAt).toISOString(), daysLate: inv.daysLate },
        timestamp: ts(inv.paidAt),
      });
  }
  for (const m of msgs) if (!m.messageId) m.messageId = `${p.userId}-${m.type}`;
  return msgs.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
}

/**
 * The facts `cdp.personFacts` would give for the person before `before`, computed in memory from
 * the plan (the bench's 100k-people timing needs no database). Engagement counts are zero.
 */
export function synthFacts(p: SynthPerson, id: string, before: number): PersonFacts | null {
  const orders = p.orders.filter((o) => o.at < before);
  const inv = p.invoices.filter((i) => i.issuedAt < before);
  if (!orders.length && !inv.length) return null;
  const gaps = orders.slice(1).map((o, i) => (o.at - orders[i].at) / DAY);
  const paid = inv.filter((i) => i.paidAt !== null && i.paidAt < before);
  const times = [...orders.map((o) => o.at), ...inv.map((i) => i.issuedAt), ...paid.map((i) => i.paidAt as number)];
  const since = (d: number) => orders.filter((o) => o.at >= before - d * DAY);
  return {
    personId: id,
    events: times.length,
    firstSeenAt: new Date(Math.min(...times)),
    lastSeenAt: new Date(Math.max(...times)),
    orders: orders.length,
    revenue: orders.reduce((s, o) => s + o.revenue, 0),
    firstOrderAt: orders.length ? new Date(orders[0].at) : null,
    lastOrderAt: orders.length ? new Date(orders[orders.length - 1].at) : null,
    orders90: since(90).length,
    orders180: since(180).length,
    revenue180: since(180).reduce((s, o) => s + o.revenue, 0),
    recentCheck: orders.length ? orders.slice(-2).reduce((s, o) => s + o.revenue, 0) / orders.slice(-2).length : null,
    meanGapDays: gaps.length ? gaps.reduce((s, g) => s + g, 0) / gaps.length : null,
    lastGapDays: gaps.length ? gaps[gaps.length - 1] : null,
    prevGapDays: gaps.length > 1 ? gaps[gaps.length - 2] : null,
    categories: new Set(orders.map((o) => o.category)).size,
    visits30: 0,
    views30: 0,
    messagesDelivered90: 0,
    messagesEngaged90: 0,
    messagesEngagedPrev90: 0,
    ratings180: 0,
    lowRatings180: 0,
    activities180: 0,
    deals: 0,
    invoices: inv.length,
    invoicesPaid: paid.length,
    invoicesLate: paid.filter((i) => i.daysLate > 0).length,
    meanDaysLate: paid.length ? paid.reduce((s, i) => s + i.daysLate, 0) / paid.length : null,
    maxDaysLate: paid.length ? Math.max(...paid.map((i) => i.daysLate)) : null,
    overdueUnpaid: inv.filter((i) => !(i.paidAt !== null && i.paidAt < before) && i.due < before).length,
    defaulted: inv.filter((i) => !(i.paidAt !== null && i.paidAt < before) && i.due + 30 * DAY < before).length,
  };
}
