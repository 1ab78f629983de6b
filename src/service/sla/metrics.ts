/**
 * The desk's metrics, defined once (reports, the supervisor dashboard and the demo read these):
 *
 * - **Volume**: conversations created in the period (merged-away ones excluded).
 * - **First response time**: `first_response_at − first_inbound_at` in wall-clock minutes — the
 *   first reply by a human agent (bots, system messages and internal notes never count) after the
 *   client's first message; counted in the period its first response falls in.
 * - **Resolution time**: `solved_at − created_at` in wall-clock minutes, counted in the period of
 *   the solve. Pending and on-hold time is included here (the client waited); the SLA resolution
 *   clock pauses during it instead. A reopened conversation's time runs to its latest solve.
 * - **Median and p90**: linear interpolation between the closest ranks (PostgreSQL's
 *   `percentile_cont`): for sorted values v₀…vₙ₋₁, p at position p·(n−1).
 * - **SLA hit rate**: clocks met ÷ (met + breached) among clocks stopped in the period, plus clocks
 *   still running that breached in it (a breach counts the moment it happens). Cancelled clocks
 *   (a conversation solved before a response was due) are left out.
 * - **CSAT**: answers given in the period: count, average score, and the satisfied share (scores
 *   4 and 5 ÷ answers), by the agent and team who owned the conversation when it was solved.
 * - **Backlog**: at each point (a local hour or day boundary), the conversations whose latest status
 *   move before it left them new, open, pending, on hold or reopened — read from the status history
 *   (`service_conversation_status_changes`). A reopened conversation counts again from its reopen
 *   until its next solve; one merged into another counts until the merge (it is closed then).
 */

const MINUTE = 60_000;

/** Minutes between two instants (null when either is missing or the end is before the start). */
export function minutesBetween(from: Date | string | null, to: Date | string | null): number | null {
  if (!from || !to) return null;
  const d = new Date(to).getTime() - new Date(from).getTime();
  return d < 0 ? null : d / MINUTE;
}

/** The `p` quantile (0…1) by linear interpolation (percentile_cont); null for no values. */
export function quantile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export interface TimeStats {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export function timeStats(values: readonly number[]): TimeStats {
  return {
    count: values.length,
    medianMinutes: round(quantile(values, 0.5)),
    p90Minutes: round(quantile(values, 0.9)),
  };
}

export interface SlaStats {
  met: number;
  breached: number;
  /** met ÷ (met + breached); null when nothing was measured. */
  hitRate: number | null;
}

export function slaStats(outcomes: readonly ('met' | 'breached')[]): SlaStats {
  const met = outcomes.filter((o) => o === 'met').length;
  const breached = outcomes.length - met;
  return { met, breached, hitRate: outcomes.length ? round(met / outcomes.length) : null };
}

export interface CsatStats {
  answered: number;
  average: number | null;
  /** Scores 4–5 ÷ answers. */
  satisfiedShare: number | null;
}

export function csatStats(scores: readonly number[]): CsatStats {
  const n = scores.length;
  return {
    answered: n,
    average: n ? round(scores.reduce((a, b) => a + b, 0) / n) : null,
    satisfiedShare: n ? round(scores.filter((s) => s >= 4).length / n) : null,
  };
}
