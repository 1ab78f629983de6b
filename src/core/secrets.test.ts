import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { Secrets } from './secrets.ts';

const dir = mkdtempSync(join(tmpdir(), 'kt-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('encrypts and decrypts; a changed byte or another key fails', () => {
  const s = Secrets.load('ab'.repeat(32), '');
  const sealed = s.encrypt('smtp-password');
  expect(sealed).not.toContain('smtp-password');
  expect(s.decrypt(sealed)).toBe('smtp-password');
  expect(s.encrypt('x')).not.toBe(s.encrypt('x'));
  const parts = sealed.split('.');
  const flipped = [...parts.slice(0, 3), `${parts[3]![0] === 'A' ? 'B' : 'A'}${parts[3]!.slice(1)}`].join('.');
  expect(() => s.decrypt(flipped)).toThrow();
  expect(() => Secrets.load('cd'.repeat(32), '').decrypt(sealed)).toThrow();
});

test('signatures are per purpose and per key', () => {
  const s = Secrets.load(Buffer.alloc(32, 7).toString('base64'), '');
  const sig = s.sign('open', 'msg-1');
  expect(s.verify('open', 'msg-1', sig)).toBe(true);
  expect(s.verify('click', 'msg-1', sig)).toBe(false);
  expect(s.verify('open', 'msg-2', sig)).toBe(false);
  expect(s.verify('open', 'msg-1', sig.slice(1))).toBe(false);
});

test('without a setting, one key is generated into the data directory and kept', () => {
  const file = join(dir, 'sub', 'secret.key');
  const a = Secrets.load('', file);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const key = readFileSync(file, 'utf8');
  const b = Secrets.load('', file);
  expect(readFileSync(file, 'utf8')).toBe(key);
  expect(b.decrypt(a.encrypt('kept'))).toBe('kept');
  expect(() => Secrets.load('short', file)).toThrow(/32 bytes/);
});
