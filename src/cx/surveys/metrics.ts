import type { SurveyType } from './tables.ts';

/**
 * The survey metrics, defined once (issue 19): every figure the API and the dashboard show goes
 * through these functions, over counts of answered responses per score.
 *
 * - NPS = % promoters (9–10) − % detractors (0–6) of the answered responses (−100..100).
 * - CSAT = share (%) of 4–5 on the 1–5 scale.
 * - CES = the average effort score (1–7).
 * - Response rate = answered / delivered (%), the answers of people the survey was sent to.
 * Percentages are rounded to one decimal; a metric of no answers is null, never 0.
 */

/** The scale of each type's score; a custom survey has none (its questions carry theirs). */
export const SCALES: Record<SurveyType, { min: number; max: number } | null> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  custom: null,
};

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export const npsCategory = (score: number): NpsCategory =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';

/** A low answer (closing the loop): an NPS detractor, a CSAT of 1–2. */
export function isLow(type: SurveyType, score: number | null): boolean {
  if (score == null) return false;
  if (type === 'nps') return score <= 6;
  if (type === 'csat') return score <= 2;
  return false;
}

const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/** Counts per score: `{ 9: 3, 10: 1, 4: 2 }`. */
export type ScoreCounts = ReadonlyMap<number, number>;

export const countScores = (scores: readonly number[]): Map<number, number> => {
  const m = new Map<number, number>();
  for (const s of scores) m.set(s, (m.get(s) ?? 0) + 1);
  return m;
};

export interface NpsFigures {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
}

export function nps(counts: ScoreCounts): NpsFigures {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [score, n] of counts) {
    const c = npsCategory(score);
    if (c === 'promoter') promoters += n;
    else if (c === 'passive') passives += n;
    else detractors += n;
  }
  const responses = promoters + passives + detractors;
  const value = responses ? Math.round(((promoters - detractors) / responses) * 1000) / 10 : null;
  return { responses, promoters, passives, detractors, nps: value };
}

/** CSAT: % of 4–5 among the answered 1–5 scores. */
export function csat(counts: ScoreCounts): number | null {
  let satisfied = 0;
  let all = 0;
  for (const [score, n] of counts) {
    all += n;
    if (score >= 4) satisfied += n;
  }
  return pct(satisfied, all);
}

/** CES: the average score, two decimals. */
export function ces(counts: ScoreCounts): number | null {
  let sum = 0;
  let all = 0;
  for (const [score, n] of counts) {
    sum += score * n;
    all += n;
  }
  return all ? Math.round((sum / all) * 100) / 100 : null;
}

/** Answered / delivered (%): null when nothing was delivered. Capped at 100 (answers outside waves). */
export function responseRate(answered: number, delivered: number): number | null {
  const r = pct(answered, delivered);
  return r == null ? null : Math.min(100, r);
}

export interface Figures extends NpsFigures {
  /** The type's headline: NPS, CSAT %, CES average, or null (custom). */
  score: number | null;
  csat: number | null;
  ces: number | null;
  average: number | null;
}

/** Every figure of a set of answered scores of a survey type (the promoter counts only mean something for NPS). */
export function figures(type: SurveyType, counts: ScoreCounts): Figures {
  const n = nps(counts);
  const c = type === 'csat' ? csat(counts) : null;
  const e = type === 'ces' ? ces(counts) : null;
  const average = ces(counts);
  const base =
    type === 'nps'
      ? n
      : { responses: n.responses, promoters: 0, passives: 0, detractors: 0, nps: null as number | null };
  return {
    ...base,
    score: type === 'nps' ? n.nps : type === 'csat' ? c : type === 'ces' ? e : null,
    csat: c,
    ces: e,
    average,
  };
}
