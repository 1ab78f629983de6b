/**
 * Promotions and campaigns in a real browser against a real server and a real SMTP server
 * (test/peers/smtp-peer.ts): a promotion is built in the editor (an unknown product is refused on
 * its field first) and activated; a campaign to a list of six people with email consent is built in
 * the wizard (the control group estimated before saving), launched, its messages received; some of
 * the people then redeem the promotion at a till (POST /offers/redeem, the campaign's conversion
 * event), and the results page shows exactly the numbers of GET /campaigns/{id}/results, with the
 * uplift's interval drawn. The list compares it; a redeemer's card shows the bonus points they
 * earned, and an adjustment through the card changes the balance.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { apiClient, closeToasts, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('campaigns', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

let peer: SmtpPeer;
beforeAll(async () => {
  peer = await startSmtpPeer();
});
afterAll(async () => peer?.close());

/** Picks an option of a Mantine Select (its input carries the test id) by the option's text. */
async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** The results' fields the dashboard shows as tiles (each with the API's value in data-value). */
const TILES = [
  'audience',
  'treatment',
  'control',
  'sent',
  'deliveryRate',
  'openRate',
  'clickRate',
  'responders',
  'controlResponders',
  'responseRate',
  'controlResponseRate',
  'uplift',
  'relativeUplift',
  'revenue',
  'revenuePerPerson',
  'controlRevenuePerPerson',
  'revenueUplift',
  'cost',
  'roi',
] as const;

type Results = Record<(typeof TILES)[number], number | null> & {
  treatment: number;
  control: number;
  sent: number;
  upliftCI: [number, number] | null;
  pValue: number | null;
  byWave: { index: number; sent: number }[];
};

test('a promotion in the editor, a campaign in the wizard, launched, its results as the API has them', async () => {
  const tag = `c${Date.now().toString(36)}`;
  const sku = `COFFEE-${tag}`.toUpperCase();
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);

  // ---- Through the API: a product, six people with email consent in a list, a channel, a template.
  await api('PUT', '/products', { products: [{ sku, name: `Кофе ${tag}`, category: `coffee-${tag}`, price: 300 }] });
  const person = async (i: number, suffix = '') => {
    const email = `p${i}${suffix}.${tag}@example.com`;
    const p = await api<{ id: string }>('POST', '/people', {
      firstName: `Покупатель ${i}`,
      lastName: `Кампанейский ${tag}`,
      emails: [email],
      region: i % 2 ? 'Казань' : 'Москва',
    });
    await api('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'e2e',
    });
    return { id: p.id, email };
  };
  const people: { id: string; email: string }[] = [];
  for (let i = 0; i < 6; i++) people.push(await person(i));
  const list = await api<{ id: string }>('POST', '/segments', { name: `Кофеманы ${tag}`, kind: 'list' });
  await api('POST', `/segments/${list.id}/members`, { personIds: people.map((p) => p.id) });
  await poll(async () => (await api<{ size: number }>('GET', `/segments/${list.id}`)).size).toBe(6);
  const channel = await api<{ id: string }>('POST', '/channels', {
    type: 'email',
    name: `Почта ${tag}`,
    config: { host: '127.0.0.1', port: peer.port, secure: false, from: `Кофейня <news.${tag}@example.com>` },
  });
  await api<{ id: string }>('POST', '/templates', {
    channel: 'email',
    name: `Кофе со скидкой ${tag}`,
    subject: `Скидка на кофе ${tag}`,
    body: `<mjml><mj-body><mj-section><mj-column><mj-text>Здравствуйте, {{ person.firstName }}! ${tag}</mj-text></mj-column></mj-section></mj-body></mjml>`,
  });

  await loginAsAdmin(page, base);

  // ---- The promotion: 15 % off the product; an unknown product is refused on its field first.
  await page.goto(`${base}/promotions`);
  await page.getByTestId('promotions-new').first().click();
  await page.getByTestId('promotion-edit-page').waitFor();
  await page.getByTestId('promotion-name').fill(`Кофе −15 % ${tag}`);
  await page.getByTestId('promotion-mechanic-buy_n_get_m').click();
  await page.getByTestId('promotion-param-n').waitFor();
  await page.getByTestId('promotion-mechanic-percent_off').click();
  expect(await page.getByTestId('promotion-param-n').count()).toBe(0);
  await page.getByTestId('promotion-param-percent').fill('15');
  await page.getByTestId('promotion-param-skus').fill(`NO-SUCH-${tag}`);
  await page.getByTestId('promotion-param-skus').press('Enter');
  await page.getByTestId('promotion-save').click();
  const skusError = page.locator('.mantine-TagsInput-error');
  await skusError.waitFor();
  expect(await skusError.innerText()).not.toBe('');
  expect(new URL(page.url()).pathname).toBe('/promotions/new');
  await closeToasts(page);
  await page.getByTestId('promotion-param-skus').press('Backspace');
  await page.getByTestId('promotion-param-skus').fill(sku);
  await page.getByTestId('promotion-param-skus').press('Enter');
  await page.getByTestId('promotion-save').click();
  await page.waitForURL((u) => /^\/promotions\/[0-9a-f-]{36}$/.test(u.pathname));
  const promotionId = new URL(page.url()).pathname.split('/').pop()!;
  expect(await page.locator('.mantine-TagsInput-error').count()).toBe(0);
  await page.getByTestId('promotion-activate').click();
  await poll(() => page.getByTestId('promotion-status').getAttribute('data-status')).toBe('active');
  const promotion = await api<{ status: string; mechanic: string; params: Record<string, unknown> }>(
    'GET',
    `/promotions/${promotionId}`,
  );
  expect(promotion).toMatchObject({ status: 'active', mechanic: 'percent_off', params: { percent: 15, skus: [sku] } });
  await closeToasts(page);
  // The list finds it by name and by status.
  await page.goto(`${base}/promotions`);
  await page.getByTestId('promotions-search').fill(tag);
  await poll(() => page.getByTestId('promotions-row').count()).toBe(1);
  await choose(page, 'promotions-status', /Draft/);
  await page.getByTestId('promotions-empty').waitFor();

  // ---- The campaign: name → audience with half held out → a wave → conversion → review, launched.
  await page.goto(`${base}/campaigns`);
  await page.getByTestId('campaigns-new').first().click();
  await page.getByTestId('campaign-name').fill(`Кофе для кофеманов ${tag}`);
  await page.getByTestId('campaign-goal').fill('Первый заказ кофе со скидкой');
  await page.getByTestId('campaign-next').click();
  await choose(page, 'campaign-segment', new RegExp(`Кофеманы ${tag}`));
  await page.getByTestId('campaign-percent').fill('50');
  const before = page.getByTestId('campaign-estimate-before');
  await poll(() => before.getAttribute('data-control')).toBe('3');
  expect(await before.getAttribute('data-treatment')).toBe('3');
  expect(await before.getAttribute('data-audience')).toBe('6');
  await page.getByTestId('campaign-next').click();
  await choose(page, 'campaign-wave-0-channel', new RegExp(`Почта ${tag}`));
  await choose(page, 'campaign-wave-0-template', new RegExp(`Кофе со скидкой ${tag}`));
  await page.getByTestId('campaign-next').click();
  await page.getByTestId('campaign-event').fill('Offer Redeemed');
  await page.getByTestId('campaign-event').press('Escape');
  await choose(page, 'campaign-promotion', new RegExp(`Кофе −15 % ${tag}`));
  await page.getByTestId('campaign-revenue-property').fill('total');
  await page.getByTestId('campaign-cost').fill('1.5');
  await page.getByTestId('campaign-next').click();
  expect(await page.getByTestId('campaign-summary').innerText()).toContain(`Кофеманы ${tag}`);
  await page.getByTestId('campaign-save-draft').click();
  await page.getByTestId('campaign-page').waitFor();
  const campaignId = (await page.getByTestId('campaign-page').getAttribute('data-id'))!;
  expect(await page.getByTestId('campaign-page').getAttribute('data-status')).toBe('draft');
  await closeToasts(page);

  // The hold-out is a stable hash of (campaign, person) and the campaign's id is new each run, so
  // six people at 50 % all land on one side once in 32 runs: an empty treatment cannot be launched
  // (NO_REACHABLE_AUDIENCE) and an empty control says nothing. Until both sides have someone, the
  // last person of the list is swapped for a new one (on either side, as the hash puts them).
  type Estimate = { audience: number; treatment: number; control: number; reachable: Record<string, number> };
  let estimate = await api<Estimate>('GET', `/campaigns/${campaignId}/estimate`);
  for (let n = 0; estimate.treatment === 0 || estimate.control === 0; n++) {
    const spare = await person(5, `-${n}`);
    await api('POST', `/segments/${list.id}/members/remove`, { personIds: [people[5]!.id] });
    await api('POST', `/segments/${list.id}/members`, { personIds: [spare.id] });
    people[5] = spare;
    estimate = await api<Estimate>('GET', `/campaigns/${campaignId}/estimate`);
  }
  await page.reload();
  await page.getByTestId('campaign-page').waitFor();

  // The draft's page: the audience and its control group as the server would freeze them now.
  expect(estimate.audience).toBe(6);
  expect(estimate.treatment + estimate.control).toBe(6);
  expect(estimate.reachable[channel.id]).toBe(estimate.treatment);
  await poll(() => page.getByTestId('estimate-audience').getAttribute('data-value')).toBe('6');
  expect(await page.getByTestId('estimate-treatment').getAttribute('data-value')).toBe(String(estimate.treatment));
  expect(await page.getByTestId('estimate-control').getAttribute('data-value')).toBe(String(estimate.control));

  // Approved, then launched (confirmed): who did each is recorded.
  await page.getByTestId('campaign-approve').click();
  await poll(() => page.getByTestId('campaign-page').getAttribute('data-status')).toBe('approved');
  await closeToasts(page);
  await page.getByTestId('campaign-page-launch').click();
  await page.getByTestId('confirm-ok').click();
  await poll(async () =>
    ['running', 'finished'].includes((await page.getByTestId('campaign-page').getAttribute('data-status')) ?? ''),
  ).toBe(true);
  const stored = await api<Record<string, unknown>>('GET', `/campaigns/${campaignId}`);
  expect(stored).toMatchObject({
    segmentId: list.id,
    controlPercent: 50,
    promotionId,
    conversionEvent: 'Offer Redeemed',
    attributionWindow: '7d',
    revenueProperty: 'total',
    costPerMessage: 1.5,
    approvedBy: expect.anything(),
    launchedBy: expect.anything(),
  });
  expect(['running', 'finished']).toContain(stored.status);

  // The treatment's messages arrive, one each; the control group gets nothing.
  // The audience is frozen by the launch's job, shortly after.
  await expect
    .poll(async () => (await api<Results>('GET', `/campaigns/${campaignId}/results`)).audience, { timeout: 60_000 })
    .toBe(6);
  const first = await api<Results>('GET', `/campaigns/${campaignId}/results`);
  expect(first.treatment + first.control).toBe(6);
  await peer.waitFor(first.treatment, 60_000);
  await expect
    .poll(async () => (await api<Results>('GET', `/campaigns/${campaignId}/results`)).sent, { timeout: 60_000 })
    .toBe(first.treatment);
  const received = peer.messages.filter((m) => m.subject.includes(tag)).flatMap((m) => m.to);
  expect(received).toHaveLength(first.treatment);
  expect(new Set(received).size).toBe(first.treatment);

  // ---- Four of the six redeem the promotion at a till: the conversion event of the campaign.
  for (const p of people.slice(0, 4)) {
    const r = await api<{ totalDiscount: number; pointsEarned: number }>('POST', '/offers/redeem', {
      redemptionId: `order-${tag}-${p.id}`,
      person: { id: p.id },
      cart: { lines: [{ sku, quantity: 2, price: 300 }], region: 'Москва' },
    });
    expect(r.totalDiscount).toBe(90);
  }
  await expect
    .poll(
      async () => {
        const r = await api<Results>('GET', `/campaigns/${campaignId}/results`);
        return (r.responders ?? 0) + (r.controlResponders ?? 0);
      },
      { timeout: 60_000 },
    )
    .toBe(4);

  // ---- The results page: every number is the API's, the uplift's interval drawn against zero.
  await page.reload();
  await page.getByTestId('campaign-results').waitFor();
  const results = await api<Results>('GET', `/campaigns/${campaignId}/results`);
  for (const k of TILES) {
    expect(await page.getByTestId(`results-${k}`).getAttribute('data-value'), k).toBe(String(results[k] ?? ''));
    // A statistic the API could not compute is not shown as a number.
    expect(await page.getByTestId(`results-${k}-missing`).count(), k).toBe(results[k] === null ? 1 : 0);
  }
  // Each redemption: 2 × 300 less 15 % = 510, the revenue of the treatment's responders.
  expect(results.revenue).toBeCloseTo((results.responders ?? 0) * 510, 2);
  const row = page.getByTestId('results-uplift-chart-row');
  expect(await row.getAttribute('data-value')).toBe(String(results.uplift ?? ''));
  expect(await row.getAttribute('data-lo')).toBe(String(results.upliftCI?.[0] ?? ''));
  expect(await row.getAttribute('data-hi')).toBe(String(results.upliftCI?.[1] ?? ''));
  if (results.upliftCI) expect(await row.locator('svg line').count()).toBe(4); // zero line, interval, two whiskers
  expect(await page.getByTestId('results-pvalue').getAttribute('data-value')).toBe(String(results.pValue ?? ''));
  expect(await page.getByTestId('results-pvalue').innerText()).toMatch(/significan|not enough data/i);
  expect(await page.getByTestId('results-wave').count()).toBe(results.byWave.length);
  expect(await page.getByTestId('results-wave').first().getAttribute('data-sent')).toBe(
    String(results.byWave[0]?.sent),
  );

  // ---- The list: the campaign with its uplift, in the comparison of intervals.
  await page.goto(`${base}/campaigns`);
  await page.getByTestId('campaigns-search').fill(tag);
  await poll(() => page.getByTestId('campaigns-row').count()).toBe(1);
  await poll(() =>
    page.locator(`[data-testid="campaigns-compare-chart-row"][data-key="${campaignId}"]`).getAttribute('data-value'),
  ).toBe(String(results.uplift ?? ''));

  // ---- A redeemer's card: the points the purchase earned, then adjusted by hand.
  const redeemer = people[0]!;
  const points = await api<{ balance: number }>('GET', `/persons/${redeemer.id}/points`);
  await page.goto(`${base}/people/${redeemer.id}`);
  await poll(() => page.getByTestId('points-balance').getAttribute('data-value')).toBe(String(points.balance));
  expect(await page.getByTestId('points-entry').count()).toBeGreaterThan(0);
  await page.getByTestId('points-adjust').click();
  await page.getByTestId('points-adjust-points').fill('50');
  await page.getByTestId('points-adjust-reason').fill('Извинение за задержку');
  await page.getByTestId('points-adjust-save').click();
  await poll(() => page.getByTestId('points-balance').getAttribute('data-value')).toBe(String(points.balance + 50));
  expect((await api<{ balance: number }>('GET', `/persons/${redeemer.id}/points`)).balance).toBe(points.balance + 50);
  expect(await page.getByTestId('points-entry').first().getAttribute('data-type')).toBe('adjust');

  await api('DELETE', `/channels/${channel.id}`);
  expect(browserProblems).toEqual([]);
});
