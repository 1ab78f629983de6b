import { Badge, Group, MultiSelect, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import type { CustomField } from './people-api.ts';
import { DateField } from '../../../components/DateFields.tsx';

/** One input per custom field, by its type; errors come keyed `customFields.<key>`. */
export function CustomFieldInputs({
  fields,
  values,
  onChange,
  errors,
}: {
  fields: CustomField[];
  values: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const set = (key: string, v: unknown) => onChange({ ...values, [key]: v });
  return (
    <Stack gap="sm">
      {fields.map((f) => {
        const v = values[f.key];
        const common = { label: f.label, error: errors[`customFields.${f.key}`], 'data-testid': `cf-${f.key}` };
        switch (f.type) {
          case 'number':
            return (
              <NumberInput
                key={f.key}
                {...common}
                value={typeof v === 'number' ? v : ''}
                onChange={(n) => set(f.key, typeof n === 'number' ? n : null)}
              />
            );
          case 'date':
            return (
              <DateField
                key={f.key}
                {...common}
                value={typeof v === 'string' ? v : ''}
                onChange={(x) => set(f.key, x || null)}
                clearable
              />
            );
          case 'select':
            return (
              <Select
                searchable
                key={f.key}
                {...common}
                placeholder={t('crm.common.cf.pick')}
                data={f.options}
                value={typeof v === 'string' ? v : null}
                onChange={(x) => set(f.key, x)}
                clearable
              />
            );
          case 'multiselect':
            return (
              <MultiSelect
                key={f.key}
                {...common}
                data={f.options}
                value={Array.isArray(v) ? (v as string[]) : []}
                onChange={(x) => set(f.key, x.length ? x : null)}
                clearable
              />
            );
          case 'boolean':
            return (
              <Switch
                key={f.key}
                {...common}
                mt={4}
                checked={v === true}
                onChange={(e) => set(f.key, e.currentTarget.checked)}
              />
            );
          default:
            return (
              <TextInput
                key={f.key}
                {...common}
                value={typeof v === 'string' ? v : v == null ? '' : String(v)}
                onChange={(e) => set(f.key, e.currentTarget.value || null)}
              />
            );
        }
      })}
    </Stack>
  );
}

/** A custom field's value for reading. */
export function CustomFieldValue({ field, value }: { field?: CustomField; value: unknown }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{value ? t('crm.common.cf.true') : t('crm.common.cf.false')}</>;
  if (Array.isArray(value))
    return (
      <Group gap={4}>
        {value.map((x) => (
          <Badge key={String(x)} variant="light" tt="none" size="sm">
            {String(x)}
          </Badge>
        ))}
      </Group>
    );
  if (field?.type === 'date' && typeof value === 'string') return <>{f.date(value)}</>;
  if (typeof value === 'number') return <>{f.number(value, 4)}</>;
  return <>{String(value)}</>;
}
