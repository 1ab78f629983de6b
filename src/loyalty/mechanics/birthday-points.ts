export interface BirthdayPointsParams {
  points: number;
  /** Days before the birthday from which it is granted (default 0). */
  daysBefore?: number;
  /** Days after the birthday until which it is still granted (default 0). */
  daysAfter?: number;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The birthdays ("MM-DD") whose grant window contains `today` (UTC date), each with the year of
 * that birthday: a person born on MM-DD is granted `points` once for that year. With
 * daysBefore = 3, on 30 December a birthday on 2 January is due for next year. A 29 February
 * birthday counts on 28 February in a year that has none.
 */
export function birthdaysDue(today: Date, p: BirthdayPointsParams): Map<string, number> {
  const out = new Map<string, number>();
  const t = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  // today ∈ [birthday − daysBefore, birthday + daysAfter]  ⇔  birthday ∈ [today − daysAfter, today + daysBefore]
  for (let d = -(p.daysAfter ?? 0); d <= (p.daysBefore ?? 0); d++) {
    const day = new Date(t + d * DAY);
    const y = day.getUTCFullYear();
    const mmdd = `${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
    out.set(mmdd, y);
    if (mmdd === '02-28' && !isLeap(y)) out.set('02-29', y);
  }
  return out;
}
