import { describe, expect, it } from 'vitest';
import { durationMs, graphProblems, journeyDefinition, type JourneyDefinition } from './definition.ts';

/**
 * The definition grammar (issue 17): what a save accepts (the shape, with the failing field's
 * path) and what the graph check refuses at publish (dead ends, unreachable steps, cycles without
 * a wait, split shares), without a database.
 */
const C = '0193a000-0000-7000-8000-000000000001';
const T = '0193a000-0000-7000-8000-000000000002';

const shape = (d: unknown) => {
  const r = journeyDefinition.safeParse(d);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const graph = (d: unknown) => graphProblems(journeyDefinition.parse(d)).map((p) => `${p.path} ${p.stepId}`);

describe('journeys: definition grammar', () => {
  it("accepts the issue's minimal form and every step kind, with ui positions", () => {
    expect(
      shape({
        entry: { event: 'Signed Up' },
        steps: [
          { id: 'w1', type: 'wait', duration: '5s' },
          { id: 's1', type: 'send', channelId: C, templateId: T },
        ],
      }),
    ).toBeNull();
    const all: JourneyDefinition = {
      entry: { event: 'Order Completed', where: [{ property: 'total', op: 'gte', value: 1000 }] },
      goal: { event: 'Order Completed', within: '7d' },
      controlPercent: 10,
      reentry: { mode: 'after', after: '30d' },
      cap: { max: 3, within: '7d' },
      consent: { channel: 'email', purpose: 'marketing' },
      layout: { entry: { x: 10, y: -130 } },
      steps: [
        { id: 'a', type: 'wait', duration: '2h', ui: { x: 10, y: 20 } },
        { id: 'b', type: 'wait', until: { time: '09:00', timezone: 'Europe/Moscow' } },
        { id: 'c', type: 'wait', for: { event: 'Opened' }, timeout: '3d', timeoutNext: 'd' },
        { id: 'd', type: 'branch', rule: { trait: 'vip', op: 'eq', value: true }, yes: 'e', no: 'f' },
        {
          id: 'e',
          type: 'split',
          branches: [
            { key: 'A', share: 50, next: 'f' },
            { key: 'B', share: 50, next: 'g' },
          ],
        },
        { id: 'f', type: 'send', channelId: C, templateId: T, data: { promo: 'X' } },
        { id: 'g', type: 'update_trait', trait: 'stage', value: 'nurtured' },
        { id: 'h', type: 'give_points', points: 500, reason: 'Birthday' },
        { id: 'i', type: 'create_task', title: 'Call', dueIn: '1d' },
        { id: 'j', type: 'webhook', url: 'https://hooks.example.com/j' },
        { id: 'k', type: 'wait', for: { segment: C, entered: false }, timeout: '1d' },
        { id: 'l', type: 'exit' },
      ],
    };
    expect(shape(all)).toBeNull();
    for (const entry of [{ segment: C }, { dateTrait: 'birthday', offsetDays: -3, at: '09:00' }, { api: true }])
      expect(shape({ ...all, entry })).toBeNull();
    expect(graph(all)).toEqual([]);
  });

  it('refuses a bad shape naming the field: unknown kind, wait-for without timeout, durations, ids', () => {
    const one = (step: Record<string, unknown>) => shape({ entry: { api: true }, steps: [step] })?.[0];
    expect(one({ id: 'x', type: 'teleport' })).toMatch(/^steps\.0\.type: must be one of wait, branch/);
    expect(one({ id: 'x', type: 'wait', for: { event: 'Opened' } })).toMatch(/^steps\.0\.timeout: .*needs a timeout/);
    expect(one({ id: 'x', type: 'wait', duration: '5 minutes' })).toMatch(/^steps\.0\.duration: must be a duration/);
    expect(one({ id: 'x', type: 'wait' })).toMatch(/^steps\.0\.duration: a wait has exactly one/);
    expect(one({ id: 'x', type: 'wait', duration: '5s', until: { time: '09:00' } })).toMatch(/^steps\.0\.until/);
    expect(one({ id: 'bad id!', type: 'exit' })).toMatch(/^steps\.0\.id/);
    expect(one({ id: 'end', type: 'exit' })).toMatch(/^steps\.0\.id: "end" is reserved/);
    expect(one({ id: 'x', type: 'send', channelId: 'nope', templateId: T })).toMatch(/^steps\.0\.channelId/);
    expect(one({ id: 'x', type: 'exit', extra: 1 })).toMatch(/^steps\.0/);
    expect(shape({ entry: { api: true }, steps: [] })?.[0]).toMatch(/^steps:/);
    expect(
      shape({ entry: { api: true }, steps: [{ id: 'x', type: 'exit' }], layout: { entry: { x: 'left', y: 0 } } })?.[0],
    ).toMatch(/^layout\.entry\.x:/);
    expect(shape({ entry: { nope: 1 }, steps: [{ id: 'x', type: 'exit' }] })?.[0]).toMatch(/^entry/);
    expect(
      shape({
        entry: { api: true },
        steps: [
          { id: 'x', type: 'exit' },
          { id: 'x', type: 'exit' },
        ],
      })?.[0],
    ).toBe('steps.1.id: duplicate step id "x"');
    expect(durationMs('5s')).toBe(5000);
    expect(durationMs('3d')).toBe(3 * 86_400_000);
  });

  it('finds dead ends, unreachable steps, cycles without a wait and bad split shares', () => {
    const entry = { api: true };
    // A dead end: `next` names no step.
    expect(graph({ entry, steps: [{ id: 'a', type: 'give_points', points: 1, next: 'zzz' }] })).toEqual([
      'definition.steps.0.next a',
    ]);
    // A branch's `no` names no step.
    expect(
      graph({
        entry,
        steps: [
          { id: 'a', type: 'branch', rule: {}, yes: 'b', no: 'nowhere' },
          { id: 'b', type: 'exit' },
        ],
      }),
    ).toEqual(['definition.steps.0.no a']);
    // Unreachable: b is skipped by a's next.
    expect(
      graph({
        entry,
        steps: [
          { id: 'a', type: 'give_points', points: 1, next: 'c' },
          { id: 'b', type: 'exit' },
          { id: 'c', type: 'exit' },
        ],
      }),
    ).toEqual(['definition.steps.1 b']);
    // A cycle with no wait: a → b → a.
    const loop = {
      entry,
      steps: [
        { id: 'a', type: 'give_points', points: 1 },
        { id: 'b', type: 'branch', rule: {}, yes: 'a', no: 'end' },
      ],
    };
    expect(graph(loop)).toEqual(['definition.steps.0 a']);
    // The same cycle with a wait in it is fine.
    expect(
      graph({
        ...loop,
        steps: [
          { id: 'w', type: 'wait', duration: '1d' },
          ...loop.steps.map((s) => (s.id === 'b' ? { ...s, yes: 'w' } : s)),
        ],
      }),
    ).toEqual([]);
    // A step that leads to itself.
    expect(graph({ entry, steps: [{ id: 'a', type: 'update_trait', trait: 't', value: 1, next: 'a' }] })).toEqual([
      'definition.steps.0 a',
    ]);
    // Split shares must add up to 100.
    expect(
      graph({
        entry,
        steps: [
          {
            id: 's',
            type: 'split',
            branches: [
              { key: 'A', share: 50, next: 'end' },
              { key: 'B', share: 40, next: 'end' },
            ],
          },
        ],
      }),
    ).toEqual(['definition.steps.0.branches s']);
    // A wait for an event's timeout branch counts as a path.
    expect(
      graph({
        entry,
        steps: [
          { id: 'w', type: 'wait', for: { event: 'X' }, timeout: '1d', timeoutNext: 't', next: 'end' },
          { id: 't', type: 'exit' },
        ],
      }),
    ).toEqual([]);
  });
});
