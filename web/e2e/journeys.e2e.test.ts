/**
 * Journeys in a real browser against a real server and a real SMTP server (test/peers/smtp-peer.ts):
 * a 4-step journey is drawn on the canvas — the entry on an event, a wait of 1 s, an update of a
 * trait and a send — by dragging step kinds from the palette and linking their outputs; it is
 * checked, published; then the event is tracked for a person through the tracking API, and the person
 * passes through: the counts drawn on the nodes reach the send step, the message arrives, the trait
 * is set, and the person's card shows the journey with the path taken.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { apiClient, closeToasts, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('journeys', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

let peer: SmtpPeer;
beforeAll(async () => {
  peer = await startSmtpPeer();
});
afterAll(async () => peer?.close());

/** Calls the tracking API (/v1/…) with a source's write key. */
async function track(writeKey: string, path: 'identify' | 'track', body: Record<string, unknown>) {
  const res = await fetch(`${base}/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

/** Picks an option of a Mantine Select (its input carries the test id) by the option's text. */
async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).first().click();
}

const centre = async (l: Locator) => {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};

/** Drags a step kind from the palette onto the canvas at (dx, dy) from the canvas' top left. */
async function dropStep(page: Page, type: string, dx: number, dy: number) {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('journey-canvas'), {
    targetPosition: { x: dx, y: dy },
  });
}

/** An edge of the canvas (a straight one has no width: attached is what counts). */
const edge = (page: Page, id: string) => page.locator(`[data-testid="rf__edge-${id}"]`).waitFor({ state: 'attached' });

/** Links an output of one node to another node's input by dragging between their handles. */
async function link(page: Page, from: string, to: string) {
  const a = await centre(page.getByTestId(from));
  const b = await centre(page.getByTestId(to));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 5, a.y + 10, { steps: 3 });
  await page.mouse.move(b.x, b.y, { steps: 15 });
  await page.mouse.up();
}

const node = (page: Page, step: string) => page.locator(`[data-testid="journey-node"][data-step="${step}"]`);
const count = async (page: Page, step: string, what: string) =>
  Number(
    (await node(page, step)
      .getByTestId(what)
      .getAttribute('data-value')
      .catch(() => null)) ?? -1,
  );

test('a journey drawn on the canvas, published, and a person passing through it', async () => {
  const tag = `j${Date.now().toString(36)}`;
  const event = `Journey Test ${tag}`;
  const trait = `journeyPassed_${tag}`;
  const email = `journey.${tag}@example.com`;
  const userId = `journey-${tag}`;
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);

  // ---- Through the API: a source, a person (identified) with email consent, a channel, a template.
  const source = await api<{ writeKey: string }>('POST', '/sources', { name: `Журнал ${tag}`, kind: 'server' });
  await track(source.writeKey, 'identify', { userId, traits: { email, firstName: 'Путник' } });
  await poll(() =>
    fetch(`${base}/api/v1/people/lookup?kind=user_id&value=${userId}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    }).then((r) => r.status),
  ).toBe(200);
  const person = await api<{ id: string }>('GET', `/people/lookup?kind=user_id&value=${userId}`);
  await api('POST', `/people/${person.id}/consents`, {
    channel: 'email',
    purpose: 'marketing',
    granted: true,
    source: 'e2e',
  });
  const channel = await api<{ id: string }>('POST', '/channels', {
    type: 'email',
    name: `Почта сценариев ${tag}`,
    config: { host: '127.0.0.1', port: peer.port, secure: false, from: `Сценарии <journeys.${tag}@example.com>` },
  });
  const template = await api<{ id: string; name: string }>('POST', '/templates', {
    channel: 'email',
    name: `Добро пожаловать ${tag}`,
    subject: `Добро пожаловать ${tag}`,
    body: `<mjml><mj-body><mj-section><mj-column><mj-text>Здравствуйте, {{ person.firstName }}! ${tag}</mj-text></mj-column></mj-section></mj-body></mjml>`,
  });

  await loginAsAdmin(page, base);

  // ---- The list, then a new journey: its name, the entry on the event.
  await page.goto(`${base}/journeys`);
  await page.getByTestId('journeys-new').first().click();
  await page.getByTestId('journey-editor').waitFor();
  await page.getByTestId('journey-canvas-empty').waitFor();
  await page.getByTestId('journey-name').fill(`Приветствие ${tag}`);
  await page.getByTestId('journey-entry-node').click();
  await page.getByTestId('entry-event').fill(event);

  // ---- Step 1: a wait of 1 s, dropped from the palette; the first step is linked from the entry.
  await dropStep(page, 'wait', 220, 200);
  await node(page, 'wait_1').waitFor();
  await page.getByTestId('step-panel').and(page.locator('[data-step="wait_1"]')).waitFor();
  await page.getByTestId('wait-duration').fill('1');
  await choose(page, 'wait-duration-unit', /^seconds$/);
  await edge(page, '__entry:next');

  // ---- Step 2: update a trait, linked from the wait by dragging its output onto it.
  await dropStep(page, 'update_trait', 420, 330);
  await node(page, 'update_trait_1').waitFor();
  await link(page, 'handle-wait_1-next', 'handle-update_trait_1-in');
  await edge(page, 'wait_1:next');
  await node(page, 'update_trait_1').click();
  await page.getByTestId('trait-name').fill(trait);
  await page.getByTestId('trait-value').fill('yes');

  // ---- Step 3: send the template on the channel, added from the palette after the selected step
  // (a click links it from the selection's free output: the editor's other way of drawing).
  await page.getByTestId('palette-send').click();
  await node(page, 'send_1').waitFor();
  await edge(page, 'update_trait_1:next');
  await node(page, 'send_1').click();
  await choose(page, 'send-channel', `Почта сценариев ${tag}`);
  await choose(page, 'send-template', template.name);
  expect(await node(page, 'send_1').innerText()).toContain(template.name);

  // ---- Saved as a draft (the address becomes the journey's), checked, published.
  await page.getByTestId('journey-save').click();
  await page.waitForURL((u) => /^\/journeys\/[0-9a-f-]{36}$/.test(u.pathname));
  const journeyId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByTestId('journey-editor').waitFor();
  const saved = await api<{ status: string; definition: { entry: unknown; steps: Record<string, unknown>[] } }>(
    'GET',
    `/journeys/${journeyId}`,
  );
  expect(saved.status).toBe('draft');
  expect(saved.definition.entry).toEqual({ event });
  expect(saved.definition.steps.map((s) => [s.id, s.type, s.next])).toEqual([
    ['wait_1', 'wait', 'update_trait_1'],
    ['update_trait_1', 'update_trait', 'send_1'],
    ['send_1', 'send', 'end'],
  ]);
  expect(saved.definition.steps[0]).toMatchObject({ duration: '1s' });
  expect(saved.definition.steps[1]).toMatchObject({ trait, value: 'yes' });
  expect(saved.definition.steps[2]).toMatchObject({ channelId: channel.id, templateId: template.id });
  await closeToasts(page);
  await page.getByTestId('journey-validate').click();
  // The check answers with a toast; waiting for it keeps the close below from racing its arrival.
  await page.locator('.mantine-Notifications-root .mantine-Notification-closeButton').first().waitFor();
  await poll(() => page.getByTestId('journey-problems').count()).toBe(0);
  await closeToasts(page);
  await page.getByTestId('journey-publish').click();
  await page.getByTestId('journey-publish-confirm').click();
  await poll(() => page.getByTestId('journey-status').getAttribute('data-status')).toBe('active');
  await page.getByTestId('journey-version').waitFor();
  expect(await api<{ status: string; version: number }>('GET', `/journeys/${journeyId}`)).toMatchObject({
    status: 'active',
    version: 1,
  });
  // The canvas now draws the counts: nobody yet.
  await poll(() => count(page, 'wait_1', 'node-entered')).toBe(0);

  // ---- The event, tracked for the person: they enter, wait 1 s, get the trait, get the message.
  await track(source.writeKey, 'track', { userId, event, properties: { plan: 'basic' } });
  await expect.poll(() => count(page, 'send_1', 'node-completed'), { timeout: 60_000 }).toBe(1);
  expect(await count(page, 'wait_1', 'node-entered')).toBe(1);
  expect(await count(page, 'update_trait_1', 'node-completed')).toBe(1);
  expect(await page.getByTestId('entry-entered').getAttribute('data-value')).toBe('1');
  const stats = await api<{ data: { stepId: string; entered: number; completed: number }[] }>(
    'GET',
    `/journeys/${journeyId}/stats`,
  );
  expect(stats.data.map((s) => [s.stepId, s.entered, s.completed])).toEqual([
    ['wait_1', 1, 1],
    ['update_trait_1', 1, 1],
    ['send_1', 1, 1],
  ]);
  await peer.waitFor(1, 60_000);
  const received = peer.messages.filter((m) => m.subject.includes(tag));
  expect(received.flatMap((m) => m.to)).toEqual([email]);
  await poll(
    async () => (await api<{ traits: Record<string, unknown> }>('GET', `/persons/${person.id}`)).traits[trait],
  ).toBe('yes');

  // ---- The list shows it active, with one person who entered.
  await page.goto(`${base}/journeys`);
  const row = page.locator(`[data-testid="journeys-row"][data-id="${journeyId}"]`);
  await row.waitFor();
  expect(await row.getByTestId('journey-status').getAttribute('data-status')).toBe('active');
  expect(await row.getByTestId('journeys-entered').innerText()).toBe('1');

  // ---- The person's card: the journey, completed, with the path taken.
  await page.goto(`${base}/people/${person.id}`);
  const run = page.locator(`[data-testid="person-journey"][data-journey="${journeyId}"]`);
  await run.waitFor();
  await poll(() => run.getAttribute('data-state')).toBe('completed');
  const path = page.getByTestId('person-journeys').getByTestId('person-journey-step');
  expect(await path.evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual([
    'wait_1',
    'update_trait_1',
    'send_1',
  ]);
  expect(browserProblems).toEqual([]);
});
