import { Group, MultiSelect, NumberInput, Select, SimpleGrid } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../../../api/contract.ts';
import { CONVERSATION_STATUSES } from '../api.ts';

/** A time rule's clock (src/service/automation-time-conditions.ts): a state held for at least `minutes`. */
// The rule's request shape is inline in the OpenAPI document: read it off the AutomationRule.
export type TimeCondition = NonNullable<Schema<'AutomationRule'>['conditions']['time']>;
type TimeEvent = TimeCondition['event'];
type ClockStatus = NonNullable<TimeCondition['statuses']>[number];

export const TIME_EVENTS = ['status', 'unassigned', 'no_agent_reply'] as const satisfies readonly TimeEvent[];
const CLOCK_STATUSES = CONVERSATION_STATUSES.filter((s): s is ClockStatus => s !== 'closed');
const UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof UNITS;
export const MAX_MINUTES = 525_600;

export const DEFAULT_TIME: TimeCondition = { event: 'status', statuses: ['pending'], minutes: 2880 };

/** The largest unit the minutes divide into ("3 d" rather than "4320 min"). */
function unitOf(minutes: number): Unit {
  if (minutes % UNITS.days === 0) return 'days';
  if (minutes % UNITS.hours === 0) return 'hours';
  return 'minutes';
}
export const durationText = (t: TFunction, minutes: number) => {
  const u = unitOf(minutes);
  return t(`service.units.${u}`, { n: minutes / UNITS[u] });
};

/** "In Pending for 2 d" / "Unassigned for 30 min" / "No agent reply for 4 h". */
export function timeSummary(t: TFunction, c: TimeCondition): string {
  const r = 'service.settings.automation.time';
  const statuses = c.statuses?.map((s) => t(`service.statuses.${s}`)).join(', ');
  const text = t(`${r}.summary.${c.event}`, { duration: durationText(t, c.minutes), statuses: statuses ?? '' });
  return c.event !== 'status' && statuses ? `${text} (${statuses})` : text;
}

/** Whether the clock can be sent: a status clock names its statuses; the span is 1 minute … 365 days. */
export const timeValid = (c: TimeCondition) =>
  c.minutes >= 1 && c.minutes <= MAX_MINUTES && (c.event !== 'status' || !!c.statuses?.length);

/** The clock of a time rule: which state, which statuses, how long. */
export function TimeConditionEditor({
  value,
  onChange,
}: {
  value: TimeCondition;
  onChange: (c: TimeCondition) => void;
}) {
  const { t } = useTranslation();
  const r = 'service.settings.automation.time';
  const [unit, setUnit] = useState<Unit>(unitOf(value.minutes));
  const amount = value.minutes / UNITS[unit];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="time-condition">
      <Select
        label={t(`${r}.event`)}
        data={TIME_EVENTS.map((e) => ({ value: e, label: t(`${r}.events.${e}`) }))}
        value={value.event}
        onChange={(v) => v && onChange({ ...value, event: v as TimeEvent })}
        allowDeselect={false}
        data-testid="time-event"
      />
      <MultiSelect
        label={t(`${r}.statuses`)}
        description={value.event === 'status' ? t(`${r}.statusesRequired`) : t(`${r}.statusesOptional`)}
        data={CLOCK_STATUSES.map((s) => ({ value: s, label: t(`service.statuses.${s}`) }))}
        value={value.statuses ?? []}
        onChange={(v) => {
          const { statuses: _, ...rest } = value;
          onChange(v.length ? { ...rest, statuses: v as ClockStatus[] } : rest);
        }}
        error={value.event === 'status' && !value.statuses?.length ? t(`${r}.statusesRequired`) : undefined}
        data-testid="time-statuses"
      />
      <Group gap="xs" grow align="flex-start">
        <NumberInput
          label={t(`${r}.after`)}
          min={1}
          max={Math.floor(MAX_MINUTES / UNITS[unit])}
          allowDecimal={false}
          value={Number.isInteger(amount) ? amount : ''}
          onChange={(v) => onChange({ ...value, minutes: Math.round((typeof v === 'number' ? v : 0) * UNITS[unit]) })}
          error={value.minutes > MAX_MINUTES ? t(`${r}.tooLong`) : undefined}
          data-testid="time-amount"
        />
        <Select
          label={t(`${r}.unit`)}
          data={(Object.keys(UNITS) as Unit[]).map((u) => ({ value: u, label: t(`${r}.units.${u}`) }))}
          value={unit}
          onChange={(v) => {
            if (!v) return;
            const u = v as Unit;
            setUnit(u);
            onChange({ ...value, minutes: Math.max(1, Math.round(amount)) * UNITS[u] });
          }}
          allowDeselect={false}
        />
      </Group>
    </SimpleGrid>
  );
}
