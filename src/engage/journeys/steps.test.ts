import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { apiClient, eventually } from '../../../test/helpers.ts';
import { journeyKit, type JourneyKit } from '../../../test/journey-kit.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';
import { verifySignature } from '../../core/webhooks/webhooks.ts';
import { BUCKETS, bucketOf } from '../campaign-audience.ts';
import { localParts } from './timezones.ts';

/**
 * Each step kind of the journey runtime, run by the claim loop on a real database: waits (a
 * duration, a time of day in the person's zone, an event or a segment change with its timeout),
 * branch, split, send (a message in the ledger, delivered to an SMTP peer), update_trait,
 * give_points, create_task, webhook (a signed call to a local HTTP server), exit, the goal; every
 * step on the person's timeline. Timers are passed by claiming "in the future" (step(now)).
 */
const HOUR = 3_600_000;
const later = (ms: number) => new Date(Date.now() + ms);

describe('journeys: step kinds', () => {
  let kit: JourneyKit;
  let peer: SmtpPeer;
  let hook: Server;
  const calls: { headers: IncomingHttpHeaders; body: string }[] = [];
  let hookUrl = '';
  let channelId = '';
  let templateId = '';
  const { ok } = apiClient(() => kit.env.app, { prefix: '/api/v1', auth: () => kit.ws.auth });
  const api = (personId: string, id: string) => kit.env.kernel.engage.journeys.enter(kit.actor, id, { personId });

  beforeAll(async () => {
    kit = await journeyKit('journey-steps');
    peer = await startSmtpPeer({ parse: false });
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    channelId = (
      await ok('POST', '/channels', {
        type: 'email',
        name: 'Journey mail',
        config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <news@shop.test>' },
      })
    ).id;
    templateId = (
      await ok('POST', '/templates', {
        channel: 'email',
        name: 'Welcome',
        kind: 'transactional',
        subject: 'Welcome {{ person.firstName }}',
        body: '<p>Hello</p>',
      })
    ).id;
  });
  afterAll(async () => {
    await kit?.close();
    await peer?.close();
    hook?.close();
  });

  it('wait (duration), send, update_trait, give_points, exit: effects, log and timeline', async () => {
    const p = await kit.person('steps-1', { email: 'steps1@example.org', firstName: 'Анна' });
    const id = await kit.journey('Welcome', {
      entry: { api: true },
      steps: [
        { id: 'w1', type: 'wait', duration: '1h' },
        { id: 's1', type: 'send', channelId, templateId },
        { id: 't1', type: 'update_trait', trait: 'loyalty.tier', value: 'gold' },
        { id: 'p1', type: 'give_points', points: 50, reason: 'Welcome bonus' },
        { id: 'x1', type: 'exit' },
      ],
    });
    const entered = await api(p, id);
    expect(entered.runId).toBeTruthy();
    await kit.step();
    let [run] = await kit.runs(id);
    expect(run).toMatchObject({ state: 'waiting', step_id: 'w1' });
    expect(Math.abs(new Date(run.due_at!).getTime() - (Date.now() + HOUR))).toBeLessThan(60_000);
    // Not yet: nothing else happened.
    expect(await kit.env.kernel.loyalty.points.balance(kit.ws.id, p)).toBe(0);

    await kit.step(later(HOUR + 5_000));
    [run] = await kit.runs(id);
    expect(run).toMatchObject({ state: 'exited', exit_reason: 'exit_step', step_id: 'x1' });
    const log = await kit.log(run.id);
    expect(log.map((l) => [l.step_id, l.outcome])).toEqual([
      ['w1', 'next'],
      ['s1', 'next'],
      ['t1', 'next'],
      ['p1', 'next'],
      ['x1', 'exited'],
    ]);
    // One message in the ledger, keyed by the run and step, delivered by the sender.
    const msgs = await sql<{ idempotency_key: string; person_id: string }>`
      SELECT idempotency_key, person_id FROM engage_messages WHERE workspace_id = ${kit.ws.id} AND person_id = ${p}`.execute(
      kit.env.kernel.db,
    );
    expect(msgs.rows).toHaveLength(1);
    expect(msgs.rows[0].idempotency_key).toMatch(new RegExp(`^jr:${run.id}:s1:`));
    await peer.waitFor(1, 30_000);
    const person = await kit.env.kernel.cdp.getPerson(kit.ws.id, p);
    expect(person.traits).toMatchObject({ loyalty: { tier: 'gold' } });
    expect(await kit.env.kernel.loyalty.points.balance(kit.ws.id, p)).toBe(50);
    const tl = await kit.timeline(p);
    expect(tl.map((e) => e.event)).toEqual([
      'Journey Entered',
      'Journey Step',
      'Journey Step',
      'Journey Step',
      'Journey Step',
      'Journey Step',
      'Journey Exited',
    ]);
    expect(
      tl.filter((e) => e.event === 'Journey Step').map((e) => [e.properties.stepId, e.properties.stepType]),
    ).toEqual([
      ['w1', 'wait'],
      ['s1', 'send'],
      ['t1', 'update_trait'],
      ['p1', 'give_points'],
      ['x1', 'exit'],
    ]);
    expect(tl[1].properties).toMatchObject({ journeyId: id, journeyName: 'Welcome', version: 1, outcome: 'next' });
    // Claiming again changes nothing: no step runs twice.
    await kit.step(later(2 * HOUR));
    expect(await kit.log(run.id)).toHaveLength(5);
    expect(await kit.env.kernel.loyalty.points.balance(kit.ws.id, p)).toBe(50);
  });

  it("wait until a time of day: the person's zone, else the step's, else the workspace's", async () => {
    const vl = await kit.person('steps-tz-1', { timezone: 'Asia/Vladivostok' });
    const none = await kit.person('steps-tz-2', {});
    const id = await kit.journey('Morning', {
      entry: { api: true },
      steps: [
        { id: 'w', type: 'wait', until: { time: '09:30' } },
        { id: 'x', type: 'exit' },
      ],
    });
    const id2 = await kit.journey('Moscow morning', {
      entry: { api: true },
      steps: [
        { id: 'w', type: 'wait', until: { time: '07:05', timezone: 'Europe/Moscow' } },
        { id: 'x', type: 'exit' },
      ],
    });
    await api(vl, id);
    await api(none, id);
    await api(vl, id2);
    await kit.step();
    const runs = [...(await kit.runs(id)), ...(await kit.runs(id2))];
    const at = (personId: string, jid: string) =>
      new Date(
        runs.find((r) => r.person_id === personId && (jid === id ? runs.indexOf(r) < 2 : runs.indexOf(r) >= 2))!
          .due_at!,
      );
    const check = (d: Date, tz: string, hhmm: string) => {
      const p = localParts(d, tz);
      expect(`${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`).toBe(hhmm);
      expect(d.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(d.getTime()).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    };
    check(at(vl, id), 'Asia/Vladivostok', '09:30');
    check(at(none, id), 'UTC', '09:30'); // the workspace's messaging time zone (UTC by default)
    check(at(vl, id2), 'Europe/Moscow', '07:05');
    await kit.step(later(25 * HOUR));
    expect((await kit.runs(id)).map((r) => r.state)).toEqual(['exited', 'exited']);
  });

  it('wait for an event (with where) goes on at once; without it, the timeout branch', async () => {
    const a = await kit.person('steps-ev-a');
    const b = await kit.person('steps-ev-b');
    const id = await kit.journey('Wait for order', {
      entry: { api: true },
      steps: [
        {
          id: 'w',
          type: 'wait',
          for: { event: 'Order Completed', where: [{ property: 'total', op: 'gte', value: 100 }] },
          timeout: '1d',
          timeoutNext: 'late',
        },
        { id: 'ordered', type: 'update_trait', trait: 'came', value: 'order', next: 'end' },
        { id: 'late', type: 'update_trait', trait: 'came', value: 'timeout' },
      ],
    });
    await api(a, id);
    await api(b, id);
    await kit.step();
    expect((await kit.runs(id)).map((r) => r.state)).toEqual(['waiting', 'waiting']);
    await kit.track('steps-ev-a', 'Order Completed', { total: 50 });
    await kit.step();
    expect((await kit.runs(id)).find((r) => r.person_id === a)?.state).toBe('waiting');
    await kit.track('steps-ev-a', 'Order Completed', { total: 150 });
    await kit.step();
    const ra = (await kit.runs(id)).find((r) => r.person_id === a)!;
    expect(ra).toMatchObject({ state: 'completed', exit_reason: 'completed' });
    expect((await kit.log(ra.id)).map((l) => [l.step_id, l.outcome])).toEqual([
      ['w', 'event'],
      ['ordered', 'next'],
    ]);
    await kit.step(later(24 * HOUR + 5_000));
    const rb = (await kit.runs(id)).find((r) => r.person_id === b)!;
    expect((await kit.log(rb.id)).map((l) => [l.step_id, l.outcome])).toEqual([
      ['w', 'timeout'],
      ['late', 'next'],
    ]);
    expect((await kit.env.kernel.cdp.getPerson(kit.ws.id, a)).traits.came).toBe('order');
    expect((await kit.env.kernel.cdp.getPerson(kit.ws.id, b)).traits.came).toBe('timeout');
  });

  it('wait for a segment change; branch on a rule; split stable per person', async () => {
    const seg = await ok('POST', '/segments', { name: 'VIP', rule: { trait: 'vip', op: 'eq', value: true } });
    const persons = await Promise.all(
      Array.from({ length: 12 }, (_, i) => kit.person(`steps-br-${i}`, { tier: i % 3 === 0 ? 'gold' : 'silver' })),
    );
    const id = await kit.journey('Branches', {
      entry: { api: true },
      steps: [
        { id: 'b', type: 'branch', rule: { trait: 'tier', op: 'eq', value: 'gold' }, yes: 'gold', no: 'sp' },
        { id: 'gold', type: 'update_trait', trait: 'path', value: 'gold', next: 'w' },
        {
          id: 'sp',
          type: 'split',
          branches: [
            { key: 'A', share: 50, next: 'a' },
            { key: 'B', share: 50, next: 'bb' },
          ],
        },
        { id: 'a', type: 'update_trait', trait: 'path', value: 'A', next: 'w' },
        { id: 'bb', type: 'update_trait', trait: 'path', value: 'B', next: 'w' },
        { id: 'w', type: 'wait', for: { segment: seg.id }, timeout: '7d' },
        { id: 'done', type: 'update_trait', trait: 'vipSeen', value: true },
      ],
    });
    for (const p of persons) await api(p, id);
    await kit.step();
    for (const [i, p] of persons.entries()) {
      const t = (await kit.env.kernel.cdp.getPerson(kit.ws.id, p)).traits;
      const b = bucketOf(id, p, 'sp:');
      expect(t.path, `person ${i}`).toBe(i % 3 === 0 ? 'gold' : b < BUCKETS / 2 ? 'A' : 'B');
    }
    expect((await kit.runs(id)).every((r) => r.state === 'waiting' && r.step_id === 'w')).toBe(true);
    // One of them becomes VIP: the segment follower's membership change ends that wait.
    await kit.person('steps-br-0', { vip: true });
    await kit.env.kernel.segments.follower.idle();
    await kit.step();
    const runs = await kit.runs(id);
    expect(runs.find((r) => r.person_id === persons[0])?.state).toBe('completed');
    expect(runs.filter((r) => r.state === 'waiting')).toHaveLength(11);
    const log = await kit.log(runs.find((r) => r.person_id === persons[0])!.id);
    expect(log.map((l) => [l.step_id, l.outcome])).toEqual([
      ['b', 'yes'],
      ['gold', 'next'],
      ['w', 'event'],
      ['done', 'next'],
    ]);
  });

  it('create_task: a CRM task about the person (unassigned without an owner or a member creator)', async () => {
    const p = await kit.person('steps-task', { email: 'task@example.org' });
    const id = await kit.journey('Retention call', {
      entry: { api: true },
      steps: [{ id: 'task', type: 'create_task', title: 'Offer a retention call', dueIn: '2d', note: 'High value' }],
    });
    await api(p, id);
    await kit.step();
    const [run] = await kit.runs(id);
    const [l] = await kit.log(run.id);
    expect(l.detail).toMatchObject({ assignedTo: 'nobody' });
    const task = await kit.env.kernel.crm.activities.get(kit.ws.id, l.detail.taskId);
    expect(task).toMatchObject({ kind: 'task', subject: 'Offer a retention call', body: 'High value', personId: p });
    expect(new Date(task.dueAt!).getTime()).toBeGreaterThan(Date.now() + 47 * HOUR);
  });

  it('webhook: a signed call with the idempotency key, through a job', async () => {
    const p = await kit.person('steps-hook');
    const id = await kit.journey('Hook', {
      entry: { api: true },
      steps: [{ id: 'h', type: 'webhook', url: hookUrl, secret: 'whsec-test' }],
    });
    const { runId } = await api(p, id);
    await kit.step();
    const call = await eventually(async () => calls[0], 30_000);
    expect(call.headers['idempotency-key']).toBe(`jr:${runId}:h:1`);
    expect(verifySignature('whsec-test', call.body, String(call.headers['kartoteka-signature']))).toBe(true);
    expect(JSON.parse(call.body)).toMatchObject({ journeyId: id, runId, stepId: 'h', personId: p });
    expect((await kit.runs(id))[0].state).toBe('completed');
  });

  it('goal: the event converts the run wherever it is (the open wait closes)', async () => {
    const p = await kit.person('steps-goal');
    const id = await kit.journey('Goal', {
      entry: { api: true },
      goal: { event: 'Order Completed', within: '7d' },
      steps: [
        { id: 'w', type: 'wait', duration: '3d' },
        { id: 's', type: 'update_trait', trait: 'nudged', value: true },
      ],
    });
    await api(p, id);
    await kit.step();
    await kit.track('steps-goal', 'Order Completed', { total: 10 });
    const [run] = await kit.runs(id);
    expect(run).toMatchObject({ state: 'converted', exit_reason: 'goal', due_at: null });
    expect((await kit.log(run.id)).map((l) => [l.step_id, l.outcome])).toEqual([['w', 'converted']]);
    await kit.step(later(4 * 24 * HOUR));
    expect((await kit.env.kernel.cdp.getPerson(kit.ws.id, p)).traits.nudged).toBeUndefined();
    expect((await kit.timeline(p)).at(-1)).toMatchObject({ event: 'Journey Exited', properties: { reason: 'goal' } });
  });

  it('a paused journey keeps positions and sends nothing; on resume the due steps run', async () => {
    const p = await kit.person('steps-pause', { email: 'pause@example.org' });
    const id = await kit.journey('Paused', {
      entry: { api: true },
      steps: [
        { id: 'w', type: 'wait', duration: '1h' },
        { id: 's', type: 'send', channelId, templateId },
      ],
    });
    await api(p, id);
    await kit.step();
    await kit.env.kernel.engage.journeys.pause(kit.actor, id);
    await kit.step(later(2 * HOUR));
    const [run] = await kit.runs(id);
    expect(run).toMatchObject({ state: 'waiting', step_id: 'w' });
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM engage_messages WHERE workspace_id = ${kit.ws.id} AND person_id = ${p}`.execute(
          kit.env.kernel.db,
        )
      ).rows[0].n;
    expect(await count()).toBe(0);
    await kit.env.kernel.engage.journeys.resume(kit.actor, id);
    await kit.step(later(2 * HOUR));
    expect((await kit.runs(id))[0].state).toBe('completed');
    expect(await count()).toBe(1);
  });
});
