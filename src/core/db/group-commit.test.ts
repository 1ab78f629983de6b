import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A write that records its groups and finishes when the test says so. */
function recorder(
  opts: { parallel?: number; parallelFrom?: number; maxWeight?: number; fails?: (items: number[]) => boolean } = {},
) {
  const groups: number[][] = [];
  const open: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const gc = new GroupCommit<number, string>({
    write: async (items) => {
      groups.push(items);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((r) => open.push(r));
      running--;
      if (opts.fails?.(items)) throw new Error(`bad ${items.join(',')}`);
      return items.map((i) => `ok ${i}`);
    },
    weight: (i) => i,
    maxWeight: opts.maxWeight ?? 100,
    parallel: opts.parallel ?? 1,
    parallelFrom: opts.parallelFrom,
  });
  const tick = () => new Promise((r) => setImmediate(r));
  /** Lets every write that is waiting finish. */
  const release = async () => {
    await tick();
    while (open.length) {
      open.shift()!();
      await tick();
    }
  };
  return { gc, groups, release, maxRunning: () => maxRunning };
}

describe('GroupCommit', () => {
  it('writes the first submission alone and the ones that came meanwhile together', async () => {
    const r = recorder();
    const results = [r.gc.submit('a', 1), r.gc.submit('a', 2), r.gc.submit('a', 3)];
    await r.release();
    expect(await Promise.all(results)).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(r.groups).toEqual([[1], [2, 3]]);
  });

  it('keeps keys apart and caps a write at maxWeight (one item even when it is heavier)', async () => {
    const r = recorder({ maxWeight: 10 });
    const results = [
      r.gc.submit('a', 1),
      r.gc.submit('a', 4),
      r.gc.submit('b', 7),
      r.gc.submit('a', 5),
      r.gc.submit('a', 2),
      r.gc.submit('a', 30),
      r.gc.submit('a', 1),
    ];
    await r.release();
    expect(await Promise.all(results)).toEqual(['ok 1', 'ok 4', 'ok 7', 'ok 5', 'ok 2', 'ok 30', 'ok 1']);
    // b's write runs beside a's first one instead of waiting for it.
    expect(r.groups.slice(0, 2)).toEqual([[1], [7]]);
    expect(r.groups.slice(2)).toEqual([[4, 5], [2], [30], [1]]);
  });

  it('runs at most `parallel` writes of a key at once', async () => {
    const r = recorder({ parallel: 2 });
    const results = Array.from({ length: 9 }, (_, i) => r.gc.submit('a', i + 1));
    await r.release();
    expect(await Promise.all(results)).toEqual(Array.from({ length: 9 }, (_, i) => `ok ${i + 1}`));
    expect(r.maxRunning()).toBe(2);
    expect(r.groups.slice(0, 2)).toEqual([[1], [2]]);
    expect(r.groups.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('with parallelFrom, a further write starts only once enough weight waits', async () => {
    // Below the threshold the items wait for the running write and go together in its next group.
    const few = recorder({ parallel: 2, parallelFrom: 10 });
    const a = [1, 2, 3].map((i) => few.gc.submit('a', i));
    await few.release();
    expect(await Promise.all(a)).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(few.groups).toEqual([[1], [2, 3]]);
    expect(few.maxRunning()).toBe(1);
    // Once 10 wait, a second write takes them beside the first.
    const many = recorder({ parallel: 2, parallelFrom: 10 });
    const b = [1, 2, 9, 4].map((i) => many.gc.submit('a', i));
    await many.release();
    expect(await Promise.all(b)).toEqual(['ok 1', 'ok 2', 'ok 9', 'ok 4']);
    expect(many.groups).toEqual([[1], [2, 9], [4]]);
    expect(many.maxRunning()).toBe(2);
  });

  it('when a shared write fails, writes its items one by one so that only the bad one fails', async () => {
    const r = recorder({ fails: (items) => items.includes(3) });
    const results = [1, 2, 3, 4].map((i) =>
      r.gc.submit('a', i).then(
        (v) => v,
        (e: Error) => e.message,
      ),
    );
    await r.release();
    expect(await Promise.all(results)).toEqual(['ok 1', 'ok 2', 'bad 3', 'ok 4']);
    expect(r.groups).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
