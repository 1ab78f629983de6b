/**
 * Payment delays that precede default (SCENARIOS.md "What the demo data must contain"): some of
 * "Аптека Плюс"'s members buy a tonometer, a course of treatment or a year of vitamins "in parts"
 * (оплата частями): one invoice a month, due 14 days after it is issued.
 *
 * EVENTS (tracked events, type `track`, sent through `cdp.ingest` from the first-party source
 * "Аптека Плюс — оплата частями", kind `server`, as the person's `userId`):
 *
 *   `Invoice Issued`  { invoiceId, planId, amount, currency: 'RUB', dueDate, instalment, instalments }
 *       timestamp = when it was issued; dueDate = ISO time (issued + 14 days);
 *       instalment = 1-based number of this invoice in the plan, instalments = the plan's count.
 *   `Invoice Paid`    { invoiceId, planId, amount, currency: 'RUB', dueDate, paidAt, daysLate }
 *       timestamp = paidAt (ISO time); daysLate = whole days after dueDate (0 = on time or early).
 *
 * An invoice with no `Invoice Paid` (by the time of a cut-off) is unpaid; past its due date it is
 * overdue. DEFAULT (the label of payment risk, as src/cdp/person-facts.ts counts it): an invoice
 * still unpaid 30 days after its due date.
 *
 * Payers (the planted signal), fixed seed, per member number (`planPayments`):
 *  - `punctual` (≈ 65 %): pays on time, now and then 1–3 days late;
 *  - `late` (≈ 23 %): often 1–15 days late, without a trend, and never defaults;
 *  - `defaulter` (≈ 12 %): pays on time for 2–4 invoices, then each delay grows (5 → ×1.5–2.2 …),
 *    and after 2–4 late payments stops paying: every later invoice is never paid.
 * A few punctual payers (2 %) default without warning (real data has those too).
 * Only members who registered online (they have a user id) have plans; members numbered ≥ 2701
 * are the CDP demo's held-out part (DEMO_HOLDOUT_FROM in src/cdp/demo-events.ts) here too.
 * Stable messageIds (`demo-inv-<member>-<n>-issued|paid`): a second run stores nothing new.
 */
import { systemActor } from '../core/auth/actor.ts';
import type { DemoSeeder } from '../core/module.ts';
import { seededRandom } from '../core/seeded-random.ts';
import type { SourceAuth } from '../cdp/index.ts';
import type { InsightsBaseKernel } from './kernel.ts';

const DAY = 86_400_000;
const SEED = 20261206;
export const INVOICE_ISSUED = 'Invoice Issued';
export const INVOICE_PAID = 'Invoice Paid';
/** An invoice unpaid this many days after its due date is a default. */
export const DEFAULT_AFTER_DAYS = 30;
export const PAYMENTS_SOURCE = { name: 'Аптека Плюс — оплата частями', kind: 'server' } as const;
/** The CDP demo's members (src/cdp/demo-events.ts DEMO_MEMBERS) and its held-out part. */
const MEMBERS = 3000;
export const PAYMENTS_HOLDOUT_FROM = 2701;
const DUE_DAYS = 14;

export type PayerKind = 'punctual' | 'late' | 'defaulter';

export interface DemoInvoice {
  invoiceId: string;
  instalment: number;
  issuedAt: number;
  dueAt: number;
  amount: number;
  /** null: never paid (or not paid yet at `now`). */
  paidAt: number | null;
  daysLate: number | null;
}
export interface DemoInstalmentPlan {
  no: number;
  userId: string;
  planId: string;
  kind: PayerKind;
  /** Invoices the plan has in all (those after `now` are not issued yet). */
  instalments: number;
  /** Whether the plan ends in default (a `defaulter`, or a punctual payer's surprise). */
  defaults: boolean;
  holdout: boolean;
  invoices: DemoInvoice[];
}

const PRODUCTS = [
  { what: 'Тонометр Omron M2', total: 3890, parts: [3, 6] },
  { what: 'Курс лечения', total: 14_400, parts: [6, 12] },
  { what: 'Годовой запас витаминов', total: 9600, parts: [6, 10, 12] },
  { what: 'Ортопедический матрас', total: 23_000, parts: [10, 12] },
];

/** The instalment plans at `now` (pure: the same `now` gives the same plans). ~12 % of members have one. */
export function planPayments(now: number, members = MEMBERS): DemoInstalmentPlan[] {
  const plans: DemoInstalmentPlan[] = [];
  for (let no = 1; no <= members; no++) {
    const r = seededRandom(SEED + no * 104_729);
    if (!r.chance(0.12)) continue;
    const roll = r.next();
    const kind: PayerKind = roll < 0.65 ? 'punctual' : roll < 0.88 ? 'late' : 'defaulter';
    const surprise = kind === 'punctual' && r.chance(0.02);
    const product = r.pick(PRODUCTS);
    const parts = r.pick(product.parts);
    const amount = Math.round(product.total / parts);
    const start = now - r.int(200, 700) * DAY;
    const pad = String(no).padStart(6, '0');
    const planId = `INS-${pad}`;
    // When the payer stops paying (index of the first invoice never paid), if ever.
    let stopAt = Number.POSITIVE_INFINITY;
    const onTimeFirst = r.int(2, 4);
    if (kind === 'defaulter') stopAt = onTimeFirst + r.int(2, 4);
    if (surprise) stopAt = r.int(2, Math.max(2, parts - 1));
    let delay = r.int(4, 7);
    const invoices: DemoInvoice[] = [];
    for (let i = 0; i < parts; i++) {
      const issuedAt = start + i * 30 * DAY + r.int(0, 3) * 3_600_000;
      if (issuedAt >= now) break;
      const dueAt = issuedAt + DUE_DAYS * DAY;
      let late: number;
      if (i >= stopAt) late = -1;
      else if (kind === 'punctual') late = r.chance(0.1) ? r.int(1, 3) : 0;
      else if (kind === 'late') late = r.chance(0.6) ? r.int(1, 15) : 0;
      else if (i < onTimeFirst) late = r.chance(0.15) ? r.int(1, 3) : 0;
      else {
        late = delay;
        delay = Math.round(delay * (1.5 + r.next() * 0.7));
      }
      // Paid on the due date plus the delay (on-time payers pay up to 5 days early), at a working hour.
      const paidAt = late < 0 ? null : dueAt + (late === 0 ? -r.int(0, 5) : late) * DAY + r.int(9, 20) * 3_600_000;
      const paid = paidAt !== null && paidAt < now;
      invoices.push({
        invoiceId: `INV-${pad}-${String(i + 1).padStart(2, '0')}`,
        instalment: i + 1,
        issuedAt,
        dueAt,
        amount,
        paidAt: paid ? paidAt : null,
        daysLate: paid ? Math.max(0, late) : null,
      });
    }
    if (!invoices.length) continue;
    plans.push({
      no,
      userId: `apt-${pad}`,
      planId,
      kind,
      instalments: parts,
      defaults: Number.isFinite(stopAt) && invoices.length > stopAt,
      holdout: no >= PAYMENTS_HOLDOUT_FROM,
      invoices,
    });
  }
  return plans;
}

/** The tracked events of one plan, in time order, with stable message ids. */
export function paymentMessages(plan: DemoInstalmentPlan, now: number): Record<string, unknown>[] {
  const pad = String(plan.no).padStart(6, '0');
  const iso = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  const out: Record<string, unknown>[] = [];
  for (const inv of plan.invoices) {
    const base = { invoiceId: inv.invoiceId, planId: plan.planId, amount: inv.amount, currency: 'RUB' };
    out.push({
      type: 'track',
      messageId: `demo-inv-${pad}-${inv.instalment}-issued`,
      userId: plan.userId,
      event: INVOICE_ISSUED,
      properties: {
        ...base,
        dueDate: new Date(inv.dueAt).toISOString(),
        instalment: inv.instalment,
        instalments: plan.instalments,
      },
      timestamp: iso(inv.issuedAt),
    });
    if (inv.paidAt !== null)
      out.push({
        type: 'track',
        messageId: `demo-inv-${pad}-${inv.instalment}-paid`,
        userId: plan.userId,
        event: INVOICE_PAID,
        properties: {
          ...base,
          dueDate: new Date(inv.dueAt).toISOString(),
          paidAt: new Date(inv.paidAt).toISOString(),
          daysLate: inv.daysLate,
        },
        timestamp: iso(inv.paidAt),
      });
  }
  return out.sort((a, b) => Date.parse(a.timestamp as string) - Date.parse(b.timestamp as string));
}

/**
 * The insights demo's payments: plans of members who exist (a user id the CDP demo gave them),
 * sent through the real ingest path from the instalments source; idempotent by message id.
 */
export const seedPaymentsDemo: DemoSeeder<InsightsBaseKernel> = async (k, { workspaceId: ws, log, now }) => {
  const started = Date.now();
  const actor = systemActor(ws, 'demo', 'import');
  let view = (await k.cdp.listSources(ws)).find((s) => s.name === PAYMENTS_SOURCE.name);
  if (!view) view = await k.cdp.createSource(actor, { ...PAYMENTS_SOURCE, origin: 'first' });
  const source: SourceAuth = {
    id: view.id,
    workspaceId: ws,
    name: view.name,
    kind: view.kind,
    origin: view.origin,
    disabled: view.disabled,
  };
  const plans: DemoInstalmentPlan[] = [];
  for (const p of planPayments(now)) {
    const known = await k.cdp.lookup(ws, 'user_id', p.userId).then(
      () => true,
      () => false,
    );
    if (known) plans.push(p);
  }
  const msgs = plans.flatMap((p) => paymentMessages(p, now));
  let stored = 0;
  for (let i = 0; i < msgs.length; i += 500) {
    const res = await k.cdp.ingest(source, msgs.slice(i, i + 500), { receivedAt: new Date(started) });
    if (res.rejected.length) throw new Error(`payment events rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`);
    stored += res.accepted - res.duplicates;
  }
  await k.cdp.settled(ws);
  const defaults = plans.filter((p) => p.defaults).length;
  log(
    `insights: ${plans.length} instalment plans (${defaults} end in default), ${stored} of ${msgs.length} invoice events new`,
  );
};
