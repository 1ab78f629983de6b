import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { isUuid, newId } from './ids.ts';

describe('newId', () => {
  it('makes valid, unique UUIDv7s that sort in creation order, also many within one millisecond', () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => validate(id) && version(id) === 7 && isUuid(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the current time in its first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});
