/**
 * Business calendars: the hours a team works, per weekday, in an IANA time zone, with holidays
 * (closed dates) and extra working days (dates worked although their weekday is closed, such as the
 * Saturdays a Russian production calendar moves a holiday to). Pure functions: SLA clocks add
 * business minutes to an instant and count the business minutes between two instants with them.
 *
 * Every working interval is built per local date from the wall-clock hours and converted to an
 * instant in the calendar's zone, so a day that is 23 or 25 hours long (DST) still has exactly its
 * hours, an interval that spans the switch is as long as the clocks really ran, and a day's hours
 * end at 24:00 (the next midnight) when they say so.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`–`HH:MM`, 24 h; `end` may be `24:00`; end after start. */
export interface Interval {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  timezone: string;
  /** Working intervals per weekday; a missing or empty day is closed. */
  hours: Partial<Record<Weekday, Interval[]>>;
  /** Closed dates (`YYYY-MM-DD`, local). */
  holidays: string[];
  /** Dates worked although their weekday is closed (`YYYY-MM-DD`): they get Monday's hours. */
  workingDays: string[];
}

/** A calendar that never closes: wall-clock minutes. */
export const AROUND_THE_CLOCK: BusinessCalendar = {
  timezone: 'UTC',
  hours: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  holidays: [],
  workingDays: [],
};

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead a clock looks for working time before it gives up (a calendar with no hours). */
const MAX_DAYS = 3 * 366;

const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Problems with a calendar (path → message), empty when it is valid. */
export function calendarProblems(c: BusinessCalendar): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: c.timezone });
  } catch {
    out.push({ path: 'timezone', message: `unknown time zone "${c.timezone}"` });
  }
  for (const d of WEEKDAYS) {
    const list = [...(c.hours[d] ?? [])].sort((a, b) => hm(a.start) - hm(b.start));
    list.forEach((iv, i) => {
      if (hm(iv.end) <= hm(iv.start)) out.push({ path: `hours.${d}.${i}.end`, message: 'must be after start' });
      if (i > 0 && hm(iv.start) < hm(list[i - 1].end))
        out.push({ path: `hours.${d}.${i}.start`, message: 'intervals of a day must not overlap' });
    });
  }
  const dates = [
    ...c.holidays.map((x, i) => [`holidays.${i}`, x]),
    ...c.workingDays.map((x, i) => [`workingDays.${i}`, x]),
  ];
  for (const [path, x] of dates)
    if (Number.isNaN(Date.parse(`${x}T00:00:00Z`))) out.push({ path, message: `"${x}" is not a date (YYYY-MM-DD)` });
  return out;
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormat.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormat.set(tz, f);
  }
  return f;
}

/** The wall clock in `tz` at `t`, as if it were UTC (ms). */
function wallOf(t: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const x of formatter(tz).formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((t % 1000) + 1000) % 1000);
}

/**
 * The instant whose wall clock in `tz` reads `wall` (a UTC-encoded wall time). A wall time in a
 * spring-forward gap does not exist: it maps to the instant the clocks jumped past it (shifted
 * forward by the gap). An ambiguous one (autumn) maps to its first occurrence.
 */
export function instantOf(wall: number, tz: string): number {
  const off1 = wallOf(wall, tz) - wall;
  let t = wall - off1;
  const off2 = wallOf(t, tz) - t;
  if (off2 !== off1) {
    const t2 = wall - off2;
    // In the gap neither offset round-trips: take the later instant (after the jump).
    t = wallOf(t2, tz) - t2 === off2 ? Math.min(t, t2) : Math.max(t, t2);
  }
  return t;
}

/** The local date (`YYYY-MM-DD` as a UTC midnight, ms) of `t` in `tz`. */
function localDay(t: number, tz: string): number {
  const w = wallOf(t, tz);
  return w - (((w % DAY) + DAY) % DAY);
}

const isoDate = (day: number) => new Date(day).toISOString().slice(0, 10);

/** The working intervals of one local date (UTC-midnight ms), as instants [from, to). */
function intervalsOn(
  c: BusinessCalendar,
  day: number,
  sets: { holidays: Set<string>; working: Set<string> },
): [number, number][] {
  const date = isoDate(day);
  if (sets.holidays.has(date)) return [];
  const weekday = WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7];
  let list = c.hours[weekday] ?? [];
  if (!list.length && sets.working.has(date)) list = c.hours.mon ?? [];
  return list.map((iv) => [
    instantOf(day + hm(iv.start) * MINUTE, c.timezone),
    instantOf(day + hm(iv.end) * MINUTE, c.timezone),
  ]);
}

const setsCache = new WeakMap<BusinessCalendar, { holidays: Set<string>; working: Set<string> }>();
function setsOf(c: BusinessCalendar) {
  let s = setsCache.get(c);
  if (!s) {
    s = { holidays: new Set(c.holidays), working: new Set(c.workingDays) };
    setsCache.set(c, s);
  }
  return s;
}

/**
 * The instant `minutes` business minutes after `from`: time outside the calendar's hours does not
 * count. Zero minutes from outside working hours is the next opening. Null when the calendar has
 * no working time in the next three years.
 */
export function addBusinessMinutes(c: BusinessCalendar, from: Date, minutes: number): Date | null {
  let left = Math.max(0, minutes) * MINUTE;
  const start = from.getTime();
  const sets = setsOf(c);
  // The day before too: an interval of the previous local date may still be open (a night shift is
  // not expressible, but a DST day's last hour can end after the next local midnight's instant).
  let day = localDay(start, c.timezone) - DAY;
  for (let i = 0; i < MAX_DAYS; i++, day += DAY) {
    for (const [a, b] of intervalsOn(c, day, sets)) {
      if (b <= start) continue;
      const s = Math.max(a, start);
      if (b - s >= left && (left > 0 || s < b)) return new Date(s + left);
      left -= b - s;
    }
  }
  return null;
}

/** Business minutes (fractional) between two instants; 0 when `to` is not after `from`. */
export function businessMinutesBetween(c: BusinessCalendar, from: Date, to: Date): number {
  const a0 = from.getTime();
  const b0 = to.getTime();
  if (b0 <= a0) return 0;
  const sets = setsOf(c);
  let total = 0;
  const last = localDay(b0, c.timezone);
  for (let day = localDay(a0, c.timezone) - DAY; day <= last; day += DAY)
    for (const [a, b] of intervalsOn(c, day, sets)) total += Math.max(0, Math.min(b, b0) - Math.max(a, a0));
  return total / MINUTE;
}

/** Whether `at` falls inside working hours. */
export function isOpen(c: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  const day = localDay(t, c.timezone);
  const sets = setsOf(c);
  return [day - DAY, day].some((d) => intervalsOn(c, d, sets).some(([a, b]) => a <= t && t < b));
}
