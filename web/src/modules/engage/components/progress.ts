import type { BroadcastProgress } from '../api.ts';

/**
 * How far a broadcast is: messages in a final state out of its audience. The percentage is whole
 * and reaches 100 only when every message is final; an empty audience that finished is 100.
 */
export function percentOf(p: BroadcastProgress): number {
  if (p.total === 0) return p.status === 'finished' ? 100 : 0;
  if (p.final >= p.total && p.pending === 0) return 100;
  return Math.min(99, Math.floor((p.final / p.total) * 100));
}
