import type { PersonFacts } from '../cdp/index.ts';
import type { DemoMember } from '../cdp/index.ts';

const DAY = 86_400_000;

/**
 * The facts `cdp.personFacts` gives for a CDP demo member (src/cdp/demo-events.ts) before
 * `before`, computed in memory from her planned messages — the same rules as the SQL in
 * src/cdp/person-facts.ts for the events the demo plans (orders, views, visits, email opens,
 * ratings). bench/models.ts evaluates a second generated data set (another seed and signal
 * strength) and the 100k-people timing with it, without a database; it also checks that on the
 * demo it gives the same metrics as the real pipeline. Null: no events before the cut-off.
 */
export function demoMemberFacts(m: DemoMember, id: string, before: number): PersonFacts | null {
  const ev = m.messages
    .map((x) => ({ ...x.msg, at: Date.parse(x.msg.timestamp as string) }))
    .filter((e) => e.at < before)
    .sort((a, b) => a.at - b.at) as {
    type: string;
    event?: string;
    at: number;
    properties?: Record<string, unknown>;
  }[];
  if (!ev.length) return null;
  const since = (d: number) => before - d * DAY;
  const orders = ev
    .filter((e) => e.type === 'track' && e.event === 'Order Completed')
    .map((e) => ({ at: e.at, amt: Number(e.properties?.revenue ?? 0), products: e.properties?.products }));
  const gaps = orders.slice(1).map((o, i) => (o.at - orders[i].at) / DAY);
  const count = (f: (e: (typeof ev)[number]) => boolean) => ev.filter(f).length;
  const opened = (e: (typeof ev)[number]) =>
    e.type === 'track' && (e.event === 'Email Opened' || e.event === 'Email Link Clicked');
  const rated = ev.filter((e) => e.type === 'track' && e.event === 'Feedback Submitted' && e.at >= since(180));
  const cats = new Set<string>();
  for (const o of orders)
    if (Array.isArray(o.products))
      for (const p of o.products as { category?: string }[]) if (p.category !== undefined) cats.add(p.category);
  const last2 = orders.slice(-2);
  const recent = (d: number) => orders.filter((o) => o.at >= since(d));
  return {
    personId: id,
    events: ev.length,
    firstSeenAt: new Date(ev[0].at),
    lastSeenAt: new Date(ev[ev.length - 1].at),
    orders: orders.length,
    revenue: orders.reduce((s, o) => s + o.amt, 0),
    firstOrderAt: orders.length ? new Date(orders[0].at) : null,
    lastOrderAt: orders.length ? new Date(orders[orders.length - 1].at) : null,
    orders90: recent(90).length,
    orders180: recent(180).length,
    revenue180: recent(180).reduce((s, o) => s + o.amt, 0),
    recentCheck: last2.length ? last2.reduce((s, o) => s + o.amt, 0) / last2.length : null,
    meanGapDays: gaps.length ? gaps.reduce((s, g) => s + g, 0) / gaps.length : null,
    lastGapDays: gaps.length ? gaps[gaps.length - 1] : null,
    prevGapDays: gaps.length > 1 ? gaps[gaps.length - 2] : null,
    categories: cats.size,
    visits30: count((e) => (e.type === 'page' || e.type === 'screen') && e.at >= since(30)),
    views30: count((e) => e.type === 'track' && e.event === 'Product Viewed' && e.at >= since(30)),
    messagesDelivered90: 0,
    messagesEngaged90: count((e) => opened(e) && e.at >= since(90)),
    messagesEngagedPrev90: count((e) => opened(e) && e.at < since(90) && e.at >= since(180)),
    ratings180: rated.length,
    lowRatings180: rated.filter((e) => Number(e.properties?.rating) <= 2).length,
    activities180: 0,
    deals: 0,
    invoices: 0,
    invoicesPaid: 0,
    invoicesLate: 0,
    meanDaysLate: null,
    maxDaysLate: null,
    overdueUnpaid: 0,
    defaulted: 0,
  };
}
