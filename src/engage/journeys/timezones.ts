/**
 * Wall-clock times in IANA zones without a library: a local date and time → the instant, through
 * the zone's offset at that instant (Intl), which handles daylight saving changes.
 */

const clocks = new Map<string, Intl.DateTimeFormat>();

function clock(tz: string): Intl.DateTimeFormat {
  let c = clocks.get(tz);
  if (!c) {
    c = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(tz, c);
  }
  return c;
}

/** Whether `tz` is an IANA zone this runtime knows. */
export function knownZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || !tz) return false;
  try {
    clock(tz);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar fields of an instant in a zone. */
export function localParts(at: Date, tz: string) {
  const p = Object.fromEntries(
    clock(tz)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Moscow: +3 h). */
function offsetAt(at: Date, tz: string): number {
  const p = localParts(at, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a local date and time in a zone (a time skipped by a DST change moves forward). */
export function zonedInstant(tz: string, year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess - offsetAt(new Date(guess), tz);
  t = guess - offsetAt(new Date(t), tz);
  return new Date(t);
}

/** The next instant after `now` at which the clock in `tz` shows "HH:MM" (today's, or tomorrow's). */
export function nextTimeOfDay(now: Date, hhmm: string, tz: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const p = localParts(now, tz);
  for (let add = 0; add < 3; add++) {
    const d = new Date(Date.UTC(p.year, p.month - 1, p.day + add));
    const at = zonedInstant(tz, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), h, m);
    if (at > now) return at;
  }
  return new Date(now.getTime() + 86_400_000);
}

/** Today's "HH:MM" in `tz` (local date `date`, "YYYY-MM-DD"), as an instant. */
export function timeOnDate(date: string, hhmm: string, tz: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, m] = hhmm.split(':').map(Number);
  return zonedInstant(tz, y, mo, d, h, m);
}
