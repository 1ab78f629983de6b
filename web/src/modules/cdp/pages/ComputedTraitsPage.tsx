import { ActionIcon, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { TRAIT_AGGREGATIONS, type ComputedTraitDefinition, type TraitAggregation } from '../../../types.ts';

const KEY = ['computed-traits'];
const blank = {
  key: '',
  event: '',
  property: '',
  aggregation: 'count' as TraitAggregation,
  windowDays: '' as number | string,
};

/** Workspace-defined computed traits: shown on every profile, evaluated when it is read. */
export function ComputedTraitsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const writable = can('cdp:write');
  const q = useQuery({ queryKey: KEY, queryFn: () => get<ResponseOf<'listComputedTraits'>>('/computed-traits') });
  const [form, setForm] = useState(blank);
  const [deleting, setDeleting] = useState<ComputedTraitDefinition | null>(null);
  const create = useApiMutation({
    mutationFn: () =>
      post<ComputedTraitDefinition>('/computed-traits', {
        key: form.key,
        event: form.event,
        property: form.aggregation === 'count' ? null : form.property || null,
        aggregation: form.aggregation,
        windowDays: form.windowDays === '' ? null : Number(form.windowDays),
      }),
    success: (d) => t('computedTraits.created', { key: d.key }),
    invalidate: [KEY],
    onSuccess: () => setForm(blank),
  });
  const remove = useApiMutation({
    mutationFn: (d: ComputedTraitDefinition) => del(`/computed-traits/${d.id}`),
    success: (_, d) => t('computedTraits.deleted', { key: d.key }),
    invalidate: [KEY],
    onSuccess: () => setDeleting(null),
  });
  const defs = q.data?.data ?? [];
  const describe = (d: ComputedTraitDefinition) =>
    [
      t(`computedTraits.aggregations.${d.aggregation}`),
      d.property ? `«${d.property}»` : null,
      `${t('computedTraits.of')} ${d.event}`,
      d.windowDays ? t('computedTraits.window', { days: d.windowDays }) : t('computedTraits.allTime'),
    ]
      .filter(Boolean)
      .join(' ');

  return (
    <>
      <PageHeader title={t('nav.data.computedTraits')} description={t('computedTraits.description')} />
      <Stack gap="lg">
        {writable && (
          <Card withBorder padding="lg" data-testid="computed-trait-form">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput
                label={t('computedTraits.key')}
                placeholder="orders_30d"
                value={form.key}
                onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
                w={160}
                data-testid="ct-key"
              />
              <Select
                label={t('computedTraits.aggregation')}
                data={TRAIT_AGGREGATIONS.map((a) => ({ value: a, label: t(`computedTraits.aggregations.${a}`) }))}
                value={form.aggregation}
                onChange={(v) => setForm({ ...form, aggregation: (v ?? 'count') as TraitAggregation })}
                allowDeselect={false}
                w={150}
                data-testid="ct-aggregation"
              />
              <TextInput
                label={t('computedTraits.property')}
                placeholder="revenue"
                value={form.property}
                disabled={form.aggregation === 'count'}
                onChange={(e) => setForm({ ...form, property: e.currentTarget.value })}
                w={150}
                data-testid="ct-property"
              />
              <TextInput
                label={t('computedTraits.event')}
                placeholder="Order Completed"
                value={form.event}
                onChange={(e) => setForm({ ...form, event: e.currentTarget.value })}
                w={200}
                data-testid="ct-event"
              />
              <NumberInput
                label={t('computedTraits.windowDays')}
                placeholder={t('computedTraits.allTime')}
                min={1}
                max={36500}
                allowDecimal={false}
                value={form.windowDays}
                onChange={(v) => setForm({ ...form, windowDays: v })}
                w={140}
                data-testid="ct-window"
              />
              <Button
                leftSection={<IconPlus size={16} />}
                loading={create.isPending}
                disabled={!form.key || !form.event}
                onClick={() => create.mutate()}
                data-testid="ct-create"
              >
                {t('computedTraits.create')}
              </Button>
            </Group>
          </Card>
        )}
        {q.isPending ? (
          <PageLoader />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : defs.length === 0 ? (
          <Empty
            testId="computed-traits-empty"
            title={t('computedTraits.empty')}
            description={t('computedTraits.emptyText')}
          />
        ) : (
          <Card withBorder padding={0}>
            <Table verticalSpacing="sm" data-testid="computed-traits-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('computedTraits.key')}</Table.Th>
                  <Table.Th>{t('computedTraits.definition')}</Table.Th>
                  <Table.Th>{t('computedTraits.createdAt')}</Table.Th>
                  <Table.Th w={60} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {defs.map((d) => (
                  <Table.Tr key={d.id} data-testid={`computed-trait-${d.key}`}>
                    <Table.Td className="kt-mono">{d.key}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{describe(d)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.date(d.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {writable && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('common.delete')}
                          onClick={() => setDeleting(d)}
                          data-testid={`computed-trait-delete-${d.key}`}
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </Stack>
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? t('computedTraits.deleteTitle', { key: deleting.key }) : ''}
        message={t('computedTraits.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
