import { Group, MultiSelect, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { coerce, type FieldOp, type FieldType, valueFor } from './rule-model.ts';

export interface FieldTestValue {
  op: FieldOp;
  value?: unknown;
}

/** "30d" ↔ 30 and days. */
const UNITS = ['m', 'h', 'd', 'w'] as const;
type Unit = (typeof UNITS)[number];
const splitDuration = (v: unknown): [number, Unit] => {
  const m = typeof v === 'string' ? /^(\d+)([mhdw])$/.exec(v) : null;
  return m ? [Number(m[1]), m[2] as Unit] : [30, 'd'];
};

/** A duration as the server writes it ("30d", "12h"): a number and a unit. */
export function DurationInput({
  value,
  onChange,
  error,
  testId,
}: {
  value: unknown;
  onChange: (v: string) => void;
  error?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [n, unit] = splitDuration(value);
  return (
    <Group gap={4} wrap="nowrap">
      <NumberInput
        aria-label={t('segmentation.builder.amount')}
        value={n}
        min={1}
        max={999999}
        allowDecimal={false}
        onChange={(v) => onChange(`${Math.max(1, Number(v) || 1)}${unit}`)}
        error={error}
        w={80}
        data-testid={testId ? `${testId}-n` : undefined}
      />
      <Select
        aria-label={t('segmentation.builder.unit')}
        data={UNITS.map((u) => ({ value: u, label: t(`segmentation.units.${u}`) }))}
        value={unit}
        onChange={(u) => u && onChange(`${n}${u}`)}
        allowDeselect={false}
        w={110}
        data-testid={testId ? `${testId}-unit` : undefined}
      />
    </Group>
  );
}

/**
 * An operator and the value it takes, for a field of a known type: the operators offered are those
 * the server accepts for it, and the value box fits the operator (none, a number, a list, a date, a
 * duration). `options` turns the value into a choice (lifecycle stages, users).
 */
export function FieldTest({
  test,
  type,
  ops,
  onChange,
  options,
  errors,
  testId,
}: {
  test: FieldTestValue;
  type: FieldType;
  ops: readonly FieldOp[];
  onChange: (t: FieldTestValue) => void;
  options?: { value: string; label: string }[];
  errors: { op?: boolean; value?: boolean };
  testId: string;
}) {
  const { t } = useTranslation();
  const setOp = (op: FieldOp) => {
    const value = valueFor(op, test.value, type);
    onChange(value === undefined ? { op } : { op, value });
  };
  const setValue = (value: unknown) => onChange({ op: test.op, value });
  const { op, value } = test;
  const opSelect = (
    <Select
      aria-label={t('segmentation.builder.operator')}
      data={ops.map((o) => ({ value: o, label: t(`segmentation.ops.${o}`) }))}
      value={op}
      onChange={(v) => v && setOp(v as FieldOp)}
      allowDeselect={false}
      error={errors.op}
      w={170}
      comboboxProps={{ withinPortal: true }}
      data-testid={`${testId}-op`}
    />
  );
  let input: ReactNode = null;
  const vid = `${testId}-value`;
  if (op === 'exists' || op === 'notExists') input = null;
  else if (op === 'withinLast')
    input = <DurationInput value={value} onChange={setValue} error={errors.value} testId={vid} />;
  else if (op === 'in')
    input = options ? (
      <MultiSelect
        aria-label={t('segmentation.builder.values')}
        data={options}
        value={Array.isArray(value) ? value.map(String) : []}
        onChange={(vs) => setValue(vs)}
        searchable
        error={errors.value}
        w={300}
        comboboxProps={{ withinPortal: true }}
        data-testid={vid}
      />
    ) : (
      <TagsInput
        aria-label={t('segmentation.builder.values')}
        placeholder={t('segmentation.builder.valuesHint')}
        value={Array.isArray(value) ? value.map(String) : []}
        onChange={(vs) => setValue(vs.map((v) => coerce(v, type)))}
        error={errors.value}
        w={260}
        data-testid={vid}
      />
    );
  else if (op === 'before' || op === 'after')
    input = (
      <TextInput
        aria-label={t('segmentation.builder.date')}
        placeholder={t('common.datePlaceholder')}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => setValue(e.currentTarget.value)}
        error={errors.value}
        w={200}
        data-testid={vid}
      />
    );
  else if (['gt', 'gte', 'lt', 'lte'].includes(op) || (type === 'number' && (op === 'eq' || op === 'neq')))
    input = (
      <NumberInput
        aria-label={t('segmentation.builder.value')}
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => setValue(typeof v === 'number' ? v : Number(v) || 0)}
        error={errors.value}
        w={140}
        data-testid={vid}
      />
    );
  else if (type === 'boolean')
    input = (
      <Select
        aria-label={t('segmentation.builder.value')}
        data={[
          { value: 'true', label: t('segmentation.builder.yes') },
          { value: 'false', label: t('segmentation.builder.no') },
        ]}
        value={String(value === true)}
        onChange={(v) => setValue(v === 'true')}
        allowDeselect={false}
        error={errors.value}
        w={120}
        data-testid={vid}
      />
    );
  else if (options)
    input = (
      <Select
        aria-label={t('segmentation.builder.value')}
        data={options}
        value={typeof value === 'string' ? value : null}
        onChange={(v) => setValue(v ?? '')}
        searchable
        error={errors.value}
        w={220}
        comboboxProps={{ withinPortal: true }}
        data-testid={vid}
      />
    );
  else
    input = (
      <TextInput
        aria-label={t('segmentation.builder.value')}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(e) => setValue(coerce(e.currentTarget.value, type))}
        error={errors.value}
        w={200}
        data-testid={vid}
      />
    );
  return (
    <>
      {opSelect}
      {input}
    </>
  );
}
