import type { JobState } from '../../types.ts';

/** What the backend accepts: retry only finished-badly jobs, cancel only ones not yet finished. */
export const canRetry = (s: JobState) => s === 'failed' || s === 'cancelled' || s === 'dead';
export const canCancel = (s: JobState) => s === 'created' || s === 'retry' || s === 'active';
