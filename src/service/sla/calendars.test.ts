import { describe, expect, it } from 'vitest';
import {
  AROUND_THE_CLOCK,
  addBusinessMinutes,
  businessMinutesBetween,
  calendarProblems,
  instantOf,
  isOpen,
  type BusinessCalendar,
} from './calendars.ts';

const weekdays = (start: string, end: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]));

/** A Moscow bank's contact centre: Mon–Fri 09–18 MSK (UTC+3 all year). */
const moscow: BusinessCalendar = {
  timezone: 'Europe/Moscow',
  hours: weekdays('09:00', '18:00'),
  holidays: [],
  workingDays: [],
};
const iso = (d: Date | null) => d?.toISOString();

describe('business calendars', () => {
  it('adds business minutes over a weekend, a holiday and an extra working day', () => {
    // Fri 4 Dec 2026 17:00 MSK (14:00Z) + 120: 60 on Friday, 60 on Monday → Mon 7 Dec 10:00 MSK.
    expect(iso(addBusinessMinutes(moscow, new Date('2026-12-04T14:00:00Z'), 120))).toBe('2026-12-07T07:00:00.000Z');
    // Monday a holiday → Tuesday 10:00 MSK.
    const holiday = { ...moscow, holidays: ['2026-12-07'] };
    expect(iso(addBusinessMinutes(holiday, new Date('2026-12-04T14:00:00Z'), 120))).toBe('2026-12-08T07:00:00.000Z');
    // Saturday worked (Monday's hours) → Sat 5 Dec 10:00 MSK.
    const saturday = { ...moscow, workingDays: ['2026-12-05'] };
    expect(iso(addBusinessMinutes(saturday, new Date('2026-12-04T14:00:00Z'), 120))).toBe('2026-12-05T07:00:00.000Z');
    // Before opening: counting starts at 09:00. Sun 06 Dec 20:00 MSK + 30 → Mon 09:30 MSK.
    expect(iso(addBusinessMinutes(moscow, new Date('2026-12-06T17:00:00Z'), 30))).toBe('2026-12-07T06:30:00.000Z');
    // Zero minutes at night: the next opening.
    expect(iso(addBusinessMinutes(moscow, new Date('2026-12-06T17:00:00Z'), 0))).toBe('2026-12-07T06:00:00.000Z');
    // A whole working week: 5 × 540 from Mon 09:00 = Fri 18:00.
    expect(iso(addBusinessMinutes(moscow, new Date('2026-12-07T06:00:00Z'), 2700))).toBe('2026-12-11T15:00:00.000Z');
  });

  it('counts business minutes between instants', () => {
    // Fri 17:00 → Mon 10:00 MSK: 60 + 60.
    expect(businessMinutesBetween(moscow, new Date('2026-12-04T14:00:00Z'), new Date('2026-12-07T07:00:00Z'))).toBe(
      120,
    );
    // Within one day: 09:15 → 12:45 = 210.
    expect(businessMinutesBetween(moscow, new Date('2026-12-07T06:15:00Z'), new Date('2026-12-07T09:45:00Z'))).toBe(
      210,
    );
    // Saturday and Sunday only: nothing.
    expect(businessMinutesBetween(moscow, new Date('2026-12-05T06:00:00Z'), new Date('2026-12-06T20:00:00Z'))).toBe(0);
    // A holiday Monday inside a span: Fri 09:00 → Tue 18:00 = Fri + Tue = 1080.
    const holiday = { ...moscow, holidays: ['2026-12-07'] };
    expect(businessMinutesBetween(holiday, new Date('2026-12-04T06:00:00Z'), new Date('2026-12-08T15:00:00Z'))).toBe(
      1080,
    );
    expect(businessMinutesBetween(moscow, new Date('2026-12-08T15:00:00Z'), new Date('2026-12-04T06:00:00Z'))).toBe(0);
  });

  it('adding and counting agree', () => {
    const from = new Date('2026-12-03T11:17:00Z');
    for (const m of [1, 59, 540, 541, 1000, 5000]) {
      const due = addBusinessMinutes(moscow, from, m)!;
      expect(businessMinutesBetween(moscow, from, due)).toBeCloseTo(m, 6);
    }
  });

  it('keeps the hours of a day with a DST switch (spring and autumn, Berlin)', () => {
    const berlin: BusinessCalendar = {
      timezone: 'Europe/Berlin',
      hours: weekdays('09:00', '17:00'),
      holidays: [],
      workingDays: [],
    };
    // Fri 27 Mar 2026 16:00 CET (15:00Z) + 120 → Mon 30 Mar 10:00 CEST (08:00Z): the clocks moved on Sunday.
    expect(iso(addBusinessMinutes(berlin, new Date('2026-03-27T15:00:00Z'), 120))).toBe('2026-03-30T08:00:00.000Z');
    // Fri 23 Oct 16:00 CEST (14:00Z) + 120 → Mon 26 Oct 10:00 CET (09:00Z).
    expect(iso(addBusinessMinutes(berlin, new Date('2026-10-23T14:00:00Z'), 120))).toBe('2026-10-26T09:00:00.000Z');
    // A calendar open all Sunday: 29 Mar is 23 hours long, 25 Oct 25 hours.
    const sundays: BusinessCalendar = { ...berlin, hours: { sun: [{ start: '00:00', end: '24:00' }] } };
    expect(businessMinutesBetween(sundays, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z'))).toBe(
      23 * 60,
    );
    expect(businessMinutesBetween(sundays, new Date('2026-10-24T00:00:00Z'), new Date('2026-10-27T00:00:00Z'))).toBe(
      25 * 60,
    );
    // Sun 29 Mar 00:00 CET (Sat 23:00Z) + 1380 → Mon 00:00 CEST = Sun 22:00Z.
    expect(iso(addBusinessMinutes(sundays, new Date('2026-03-28T23:00:00Z'), 1380))).toBe('2026-03-29T22:00:00.000Z');
  });

  it('an interval across the New York spring gap is as long as the clocks ran', () => {
    // Sun 8 Mar 2026 01:00–04:00 local: 02:00 does not exist, so the interval lasts two hours.
    const ny: BusinessCalendar = {
      timezone: 'America/New_York',
      hours: { sun: [{ start: '01:00', end: '04:00' }] },
      holidays: [],
      workingDays: [],
    };
    expect(businessMinutesBetween(ny, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T00:00:00Z'))).toBe(120);
    // 02:30 local in the gap is the instant the clocks jumped past it: 03:30 EDT = 07:30Z.
    expect(new Date(instantOf(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('crosses midnight with a late shift split at 24:00', () => {
    const night: BusinessCalendar = {
      timezone: 'Europe/Moscow',
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          [
            { start: '00:00', end: '02:00' },
            { start: '22:00', end: '24:00' },
          ],
        ]),
      ),
      holidays: [],
      workingDays: [],
    };
    // Mon 7 Dec 23:00 MSK (20:00Z) + 120 → Tue 01:00 MSK (Mon 22:00Z).
    expect(iso(addBusinessMinutes(night, new Date('2026-12-07T20:00:00Z'), 120))).toBe('2026-12-07T22:00:00.000Z');
    // 03:00 → 21:00 MSK: closed the whole time.
    expect(businessMinutesBetween(night, new Date('2026-12-08T00:00:00Z'), new Date('2026-12-08T18:00:00Z'))).toBe(0);
    expect(isOpen(night, new Date('2026-12-07T21:30:00Z'))).toBe(true);
    expect(isOpen(night, new Date('2026-12-07T12:00:00Z'))).toBe(false);
  });

  it('around the clock is wall-clock time; a closed calendar never reaches its target', () => {
    expect(iso(addBusinessMinutes(AROUND_THE_CLOCK, new Date('2026-12-05T10:00:00Z'), 90))).toBe(
      '2026-12-05T11:30:00.000Z',
    );
    expect(addBusinessMinutes({ ...moscow, hours: {} }, new Date('2026-12-05T10:00:00Z'), 10)).toBeNull();
  });

  it('names what is wrong with a calendar', () => {
    const bad: BusinessCalendar = {
      timezone: 'Mars/Olympus',
      hours: {
        mon: [{ start: '10:00', end: '09:00' }],
        tue: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '18:00' },
        ],
      },
      holidays: ['2026-13-45'],
      workingDays: [],
    };
    expect(calendarProblems(bad).map((p) => p.path)).toEqual([
      'timezone',
      'hours.mon.0.end',
      'hours.tue.1.start',
      'holidays.0',
    ]);
    expect(calendarProblems(moscow)).toEqual([]);
  });
});
