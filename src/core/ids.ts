import { v7 } from 'uuid';
import { randomBytes, randomFillSync, createHash } from 'node:crypto';

// uuid's own v7 asks the OS for 16 random bytes per id (a webcrypto call of ~15 µs, which was the
// largest single cost of a million-row import); ids here draw from a pooled buffer instead and keep
// uuid's monotonic (timestamp, counter) rule, so ids made in one millisecond still sort in order.
const POOL = 16 * 1024;
const pool = Buffer.alloc(POOL);
let at = POOL;
const state = { msecs: -Infinity, seq: 0 };

function random16(): Uint8Array {
  if (at + 16 > POOL) {
    randomFillSync(pool);
    at = 0;
  }
  const r = pool.subarray(at, at + 16);
  at += 16;
  return r;
}

export const newId = (): string => {
  const random = random16();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ random, msecs: state.msecs, seq: state.seq });
};
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
