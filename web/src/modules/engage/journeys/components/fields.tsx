import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  JsonInput,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import type { PropertyCondition } from '../api.ts';
import { parseDuration } from '../graph.ts';

const UNITS = ['s', 'm', 'h', 'd'] as const;

/** A duration as a number and a unit (`"30m"`); empty when `optional` and cleared. */
export function DurationInput({
  label,
  value,
  onChange,
  optional = false,
  description,
  error,
  testId,
  readOnly,
}: {
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  optional?: boolean;
  description?: string;
  error?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const parsed = parseDuration(value);
  const [unit, setUnit] = useState<(typeof UNITS)[number]>(parsed?.[1] ?? 'd');
  useEffect(() => {
    if (parsed) setUnit(parsed[1]);
  }, [parsed?.[1]]);
  const amount = parsed?.[0];
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NumberInput
        label={label}
        description={description}
        value={amount ?? ''}
        min={optional ? 0 : 1}
        max={9_999_999}
        allowDecimal={false}
        allowNegative={false}
        onChange={(v) => onChange(v === '' || v === undefined ? (optional ? undefined : `1${unit}`) : `${v}${unit}`)}
        error={error}
        style={{ flex: 1 }}
        data-testid={testId}
        readOnly={readOnly}
      />
      <Select
        aria-label={t('journeys.step.unit')}
        w={110}
        data={UNITS.map((u) => ({ value: u, label: t(`journeys.step.units.${u}`) }))}
        value={unit}
        allowDeselect={false}
        onChange={(u) => {
          if (!u) return;
          setUnit(u as (typeof UNITS)[number]);
          if (amount !== undefined) onChange(`${amount}${u}`);
        }}
        data-testid={testId ? `${testId}-unit` : undefined}
        readOnly={readOnly}
      />
    </Group>
  );
}

/** The events the workspace has seen (GET /catalogue/events), for the event pickers. */
export function useEventNames() {
  const q = useQuery({
    queryKey: ['catalogue', 'events'],
    queryFn: () => get<ResponseOf<'listCatalogueEvents'>>('/catalogue/events'),
    staleTime: 60_000,
  });
  return [...new Set((q.data?.data ?? []).map((e) => e.event).filter((e): e is string => !!e))];
}

/** The traits profiles carry (GET /catalogue/traits), for the trait pickers. */
export function useTraitNames() {
  const q = useQuery({
    queryKey: ['catalogue', 'traits'],
    queryFn: () => get<ResponseOf<'listCatalogueTraits'>>('/catalogue/traits'),
    staleTime: 60_000,
  });
  return (q.data?.data ?? []).map((x) => x.name);
}

export function EventInput(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  description?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  const events = useEventNames();
  return (
    <Autocomplete
      label={props.label}
      description={props.description}
      value={props.value}
      onChange={props.onChange}
      data={events}
      limit={20}
      error={props.error}
      data-testid={props.testId}
      readOnly={props.readOnly}
    />
  );
}

const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'startsWith', 'exists', 'notExists'] as const;

/** A value typed into a condition: a number, true/false, a JSON array for `in`, else the text. */
function parseValue(s: string): unknown {
  const v = s.trim();
  if (v === '') return '';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  if (v.startsWith('[')) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return s;
}
const showValue = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** An event's property conditions (`where`): property, operator, value, one a row. */
export function ConditionsEditor({
  value,
  onChange,
  label,
  readOnly,
  testId,
}: {
  value: PropertyCondition[] | undefined;
  onChange: (v: PropertyCondition[] | undefined) => void;
  label: string;
  readOnly?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const rows = value ?? [];
  const set = (i: number, c: PropertyCondition) => onChange(rows.map((r, j) => (j === i ? c : r)));
  return (
    <Stack gap={6} data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {rows.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
        <Group key={i} gap={4} wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={t('journeys.conditions.property')}
            placeholder={t('journeys.conditions.property')}
            value={c.property}
            onChange={(e) => set(i, { ...c, property: e.currentTarget.value })}
            style={{ flex: 1.2, minWidth: 0 }}
            size="xs"
            readOnly={readOnly}
          />
          <Select
            aria-label={t('journeys.conditions.op')}
            data={OPS.map((o) => ({ value: o, label: t(`journeys.conditions.ops.${o}`) }))}
            value={c.op}
            allowDeselect={false}
            onChange={(op) => {
              if (!op) return;
              const next: PropertyCondition = { property: c.property, op };
              if (op !== 'exists' && op !== 'notExists') next.value = c.value ?? '';
              set(i, next);
            }}
            style={{ flex: 1, minWidth: 0 }}
            size="xs"
            readOnly={readOnly}
          />
          {c.op !== 'exists' && c.op !== 'notExists' && (
            <TextInput
              aria-label={t('journeys.conditions.value')}
              placeholder={t('journeys.conditions.value')}
              value={showValue(c.value)}
              onChange={(e) => set(i, { ...c, value: parseValue(e.currentTarget.value) })}
              style={{ flex: 1, minWidth: 0 }}
              size="xs"
              readOnly={readOnly}
            />
          )}
          {!readOnly && (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('journeys.conditions.remove')}
              title={t('journeys.conditions.remove')}
              onClick={() => {
                const next = rows.filter((_, j) => j !== i);
                onChange(next.length ? next : undefined);
              }}
              mt={2}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <Button
          variant="subtle"
          size="compact-xs"
          onClick={() => onChange([...rows, { property: '', op: 'eq', value: '' }])}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('journeys.conditions.add')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * A JSON object typed as text: handed on once it parses (and `check` passes), the problem shown
 * under the field until then.
 */
export function JsonObjectField({
  label,
  description,
  value,
  onChange,
  check,
  optional = false,
  error,
  testId,
  readOnly,
}: {
  label: string;
  description?: string;
  value: Record<string, unknown> | undefined;
  onChange: (v: Record<string, unknown> | undefined) => void;
  check?: (v: Record<string, unknown>) => string | null;
  optional?: boolean;
  error?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [problem, setProblem] = useState<string | null>(null);
  const edit = (s: string) => {
    setText(s);
    if (!s.trim() && optional) {
      setProblem(null);
      onChange(undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      setProblem(t('journeys.step.ruleBad'));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setProblem(t('journeys.step.dataBad'));
      return;
    }
    const bad = check?.(parsed as Record<string, unknown>) ?? null;
    setProblem(bad);
    if (!bad) onChange(parsed as Record<string, unknown>);
  };
  return (
    <JsonInput
      label={label}
      description={description}
      value={text}
      onChange={edit}
      autosize
      minRows={4}
      maxRows={16}
      error={problem ?? error}
      formatOnBlur
      data-testid={testId}
      readOnly={readOnly}
    />
  );
}
