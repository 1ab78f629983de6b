import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { INVOICE_ISSUED, INVOICE_PAID, paymentMessages, planPayments, seedPaymentsDemo } from './payments-demo.ts';

const NOW = Date.UTC(2026, 11, 1);

describe('insights demo: instalment invoices (pure plan)', () => {
  const plans = planPayments(NOW);

  it('is a pure function of the seed: punctual, late and defaulting payers, the held-out part marked', () => {
    expect(planPayments(NOW)).toEqual(plans);
    const kinds = new Set(plans.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['defaulter', 'late', 'punctual']);
    expect(plans.length).toBeGreaterThan(250);
    expect(plans.filter((p) => p.holdout).every((p) => p.no >= 2701)).toBe(true);
    expect(plans.some((p) => p.holdout)).toBe(true);
  });

  it('defaulters pay later and later, then never again; punctual payers are rarely late', () => {
    const defaulted = plans.filter((p) => p.kind === 'defaulter' && p.defaults);
    expect(defaulted.length).toBeGreaterThan(20);
    for (const p of defaulted) {
      const late = p.invoices.filter((i) => i.daysLate !== null).map((i) => i.daysLate!);
      const firstUnpaid = p.invoices.findIndex((i) => i.paidAt === null);
      // Nothing is paid after the first unpaid invoice; the delays before it grow.
      expect(p.invoices.slice(firstUnpaid).every((i) => i.paidAt === null)).toBe(true);
      const tail = late.filter((d) => d > 3);
      expect(tail).toEqual([...tail].sort((a, b) => a - b));
      expect(tail.length).toBeGreaterThanOrEqual(1);
    }
    const punctual = plans.filter((p) => p.kind === 'punctual').flatMap((p) => p.invoices);
    const lateShare = punctual.filter((i) => (i.daysLate ?? 0) > 0).length / punctual.length;
    expect(lateShare).toBeLessThan(0.15);
  });

  it('events carry the documented properties with stable message ids', () => {
    const msgs = paymentMessages(plans[0]!, NOW);
    const issued = msgs.find((m) => m.event === INVOICE_ISSUED)!;
    expect(Object.keys(issued.properties as object).sort()).toEqual(
      ['amount', 'currency', 'dueDate', 'instalment', 'instalments', 'invoiceId', 'planId'].sort(),
    );
    const paid = msgs.find((m) => m.event === INVOICE_PAID)!;
    expect(Object.keys(paid.properties as object).sort()).toEqual(
      ['amount', 'currency', 'daysLate', 'dueDate', 'invoiceId', 'paidAt', 'planId'].sort(),
    );
    expect(paymentMessages(plans[0]!, NOW)).toEqual(msgs);
    expect(msgs.every((m) => Date.parse(m.timestamp as string) < NOW)).toBe(true);
  });
});

describe('insights demo: payments through ingest', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const now = Date.now();
  const mine = planPayments(now).slice(0, 3);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('payments-demo-ws');
    // Only members who exist get plans: three of them, as the CDP demo would have them.
    const src = await ok('POST', '/sources', { name: 'Site', kind: 'server' });
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.writeKey}:`).toString('base64')}` },
      payload: { batch: mine.map((p) => ({ type: 'identify', userId: p.userId, messageId: `id-${p.userId}` })) },
    });
    expect(r.statusCode, r.body).toBe(200);
    await env.kernel.cdp.settled();
  }, 120_000);
  afterAll(async () => env?.close());

  it('sends the members’ invoices from a first-party source; a second run stores nothing new', async () => {
    const lines: string[] = [];
    const ctx = { workspaceId: ws.id, log: (l: string) => lines.push(l), now };
    await seedPaymentsDemo(env.kernel, ctx);
    expect(lines[0]).toMatch(/^insights: 3 instalment plans/);
    const expected = mine.reduce((s, p) => s + paymentMessages(p, now).length, 0);
    expect(lines[0]).toContain(`${expected} of ${expected} invoice events new`);
    const person = (await ok('GET', `/people/lookup?kind=user_id&value=${mine[0]!.userId}`)).id;
    const facts = await env.kernel.cdp.personFacts(ws.id, { before: new Date(now), personIds: [person] });
    expect(facts[0]!.invoices).toBe(mine[0]!.invoices.length);
    expect(facts[0]!.invoicesPaid).toBe(mine[0]!.invoices.filter((i) => i.paidAt !== null).length);
    await seedPaymentsDemo(env.kernel, ctx);
    expect(lines[1]).toContain(`0 of ${expected} invoice events new`);
    const sources = (await ok('GET', '/sources')).data.filter((s: { name: string }) =>
      s.name.includes('оплата частями'),
    );
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ kind: 'server', origin: 'first' });
  });
});
