import { describe, it, expect } from 'vitest';
import { badText, findBadText, jsonTooDeep, mayHoldBadText } from './body-guard.ts';
import { sameHost } from './csrf.ts';

describe('body guard', () => {
  const nest = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n));
  it('measures depth without recursion', () => {
    expect(jsonTooDeep(nest(64), 64)).toBe(false);
    expect(jsonTooDeep(nest(65), 64)).toBe(true);
    expect(jsonTooDeep(nest(100_000), 64)).toBe(true);
    expect(jsonTooDeep({ a: '['.repeat(500), b: [[1]], c: { d: {} } }, 3)).toBe(false);
    expect(jsonTooDeep({ a: 1, b: [{ c: [] }] }, 3)).toBe(true);
    expect(jsonTooDeep('text', 1)).toBe(false);
  });
  it('finds NUL and unpaired surrogates with their path, and lets pairs through', () => {
    expect(findBadText({ a: [{ b: 'x\u0000' }] })).toEqual({ path: 'a.0.b', message: expect.stringContaining('NUL') });
    expect(findBadText({ ['k\ud800']: 1 })?.path).toBe('k\ud800');
    expect(findBadText({ q: '\udc00' }, 'query')?.path).toBe('query.q');
    expect(findBadText({ ok: 'emoji 😀', list: ['a', 'b'] })).toBeNull();
    expect(badText('a\ud83d\ude00')).toBeNull();
    expect(mayHoldBadText('{"a":"\\ud83d\\ude00"}')).toBe(false);
    expect(mayHoldBadText('{"a":"\\ud83d"}')).toBe(true);
    expect(mayHoldBadText('{"a":"\\udc00"}')).toBe(true);
    expect(mayHoldBadText('{"a":"\\u0000"}')).toBe(true);
    // A deep value is walked without recursion.
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep)?.message).toContain('NUL');
  });
  it('compares an Origin with the host the request was sent to', () => {
    expect(sameHost('http://localhost', 'localhost:80')).toBe(true);
    expect(sameHost('https://crm.example.com', 'crm.example.com')).toBe(true);
    expect(sameHost('http://localhost:8081', 'localhost:8080')).toBe(false);
    expect(sameHost('null', 'localhost')).toBe(false);
    expect(sameHost('file:///x', 'localhost')).toBe(false);
    expect(sameHost('http://evil.example', 'crm.example.com')).toBe(false);
  });
});
