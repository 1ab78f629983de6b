import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../../../../api.ts';
import type { BodyOf } from '../../../../api/contract.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { BOARD_KEY, PIPELINES_KEY, usePipelines } from '../../components/sales-api.ts';
import { STAGE_KINDS, type Pipeline, type StageKind } from '../../components/sales-types.ts';
import { IconDots, IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../../forms.ts';
import { useSession } from '../../../../session.tsx';

const KIND_COLOR: Record<StageKind, string> = { open: 'blue', won: 'teal', lost: 'red' };

export function PipelinesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const writable = can('crm:write');
  const list = usePipelines();
  const [editing, setEditing] = useState<Pipeline | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Pipeline | null>(null);
  const remove = useApiMutation({
    mutationFn: (p: Pipeline) => del(`/pipelines/${p.id}`),
    success: (_, p) => t('crm.deals.pipelines.deleted', { name: p.name }),
    invalidate: [PIPELINES_KEY, BOARD_KEY],
    onSuccess: () => setDeleting(null),
  });
  const pipelines = list.data ?? [];
  const add = writable && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-pipeline">
      {t('crm.deals.pipelines.add')}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t('crm.deals.pipelines.title')}
        description={t('crm.deals.pipelines.description')}
        actions={pipelines.length > 0 && add}
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : pipelines.length === 0 ? (
        <Empty
          testId="pipelines-empty"
          title={t('crm.deals.pipelines.empty')}
          description={t('crm.deals.pipelines.emptyText')}
          action={add || undefined}
        />
      ) : (
        <Stack>
          {pipelines.map((p) => (
            <Card key={p.id} withBorder padding="md" data-testid={`pipeline-${p.id}`}>
              <Group justify="space-between" mb="xs">
                <Group gap="xs">
                  <Text fw={600}>{p.name}</Text>
                  <Badge variant="outline" color="gray">
                    {p.currency}
                  </Badge>
                </Group>
                {writable && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('common.actions')}
                        data-testid="pipeline-menu"
                      >
                        <IconDots />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(p)} data-testid="pipeline-edit">
                        {t('common.edit')}
                      </Menu.Item>
                      <Menu.Item color="red" onClick={() => setDeleting(p)}>
                        {t('common.delete')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
              <Group gap={6}>
                {p.stages.map((s, i) => (
                  <Group key={s.id} gap={6} wrap="nowrap">
                    {i > 0 && <Text c="dimmed">→</Text>}
                    <Badge variant="light" color={KIND_COLOR[s.kind]} styles={{ label: { textTransform: 'none' } }}>
                      {s.name} · {s.probability}%
                    </Badge>
                  </Group>
                ))}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <PipelineFormModal pipeline={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? t('crm.deals.pipelines.deleteTitle', { name: deleting.name }) : ''}
        message={t('crm.deals.pipelines.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

interface StageRow {
  id?: string;
  key: string;
  name: string;
  probability: number | string;
  kind: StageKind;
}

let seq = 0;
const rowKey = () => `new-${++seq}`;

/** Name, currency and the ordered stages; stages keep their ids so deals stay where they are. */
function PipelineFormModal({ pipeline, onClose }: { pipeline: Pipeline | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const existing = pipeline && pipeline !== 'new' ? pipeline : null;
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('RUB');
  const [stages, setStages] = useState<StageRow[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!pipeline) return;
    setErrors({});
    if (existing) {
      setName(existing.name);
      setCurrency(existing.currency);
      setStages(
        [...existing.stages]
          .sort((a, b) => a.position - b.position)
          .map((s) => ({ id: s.id, key: s.id, name: s.name, probability: s.probability, kind: s.kind })),
      );
    } else {
      setName('');
      setCurrency('RUB');
      const names = t('crm.deals.pipelines.defaultStages', { returnObjects: true }) as unknown as string[];
      const probs = [10, 25, 50, 75, 100, 0];
      setStages(
        names.map((n, i) => ({
          key: rowKey(),
          name: n,
          probability: probs[i] ?? 0,
          kind: i === names.length - 2 ? 'won' : i === names.length - 1 ? 'lost' : 'open',
        })),
      );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pipeline]);

  const save = useApiMutation({
    mutationFn: () => {
      const payload = {
        name: name.trim(),
        currency,
        stages: stages.map((s) => ({
          ...(s.id ? { id: s.id } : {}),
          name: s.name.trim(),
          probability: Number(s.probability) || 0,
          kind: s.kind,
        })),
      } satisfies BodyOf<'updatePipeline'>;
      return existing ? patch<Pipeline>(`/pipelines/${existing.id}`, payload) : post<Pipeline>('/pipelines', payload);
    },
    success: (p) =>
      existing ? t('crm.deals.pipelines.saved', { name: p.name }) : t('crm.deals.pipelines.created', { name: p.name }),
    invalidate: [PIPELINES_KEY, BOARD_KEY],
    onSuccess: onClose,
  });
  const set = (i: number, p: Partial<StageRow>) => setStages((ss) => ss.map((s, j) => (j === i ? { ...s, ...p } : s)));
  const swap = (i: number, j: number) =>
    setStages((ss) => {
      if (j < 0 || j >= ss.length) return ss;
      const next = [...ss];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  return (
    <Modal
      opened={!!pipeline}
      onClose={onClose}
      title={
        existing ? t('crm.deals.pipelines.editTitle', { name: existing.name }) : t('crm.deals.pipelines.createTitle')
      }
      size="xl"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined, { onError: (err) => setErrors(fieldErrorsOf(err)) });
        }}
      >
        <Stack>
          <Group grow>
            <TextInput
              label={t('crm.deals.pipelines.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              data-autofocus
              data-testid="pipeline-name"
            />
            <Select
              label={t('crm.deals.pipelines.currency')}
              data={['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'CNY']}
              value={currency}
              onChange={(v) => setCurrency(v ?? 'RUB')}
              searchable
              allowDeselect={false}
              error={errors.currency}
            />
          </Group>
          <Text fw={600} size="sm">
            {t('crm.deals.pipelines.stages')}
          </Text>
          {errors.stages && (
            <Text c="red" size="sm">
              {errors.stages}
            </Text>
          )}
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.deals.pipelines.stageName')}</Table.Th>
                <Table.Th w={130}>{t('crm.deals.pipelines.probability')}</Table.Th>
                <Table.Th w={150}>{t('crm.deals.pipelines.kind')}</Table.Th>
                <Table.Th w={110} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stages.map((s, i) => (
                <Table.Tr key={s.key} data-testid={`stage-row-${i}`}>
                  <Table.Td>
                    <TextInput
                      required
                      value={s.name}
                      onChange={(e) => set(i, { name: e.currentTarget.value })}
                      error={errors[`stages.${i}.name`]}
                      aria-label={t('crm.deals.pipelines.stageName')}
                      data-testid={`stage-name-${i}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      min={0}
                      max={100}
                      value={s.probability}
                      onChange={(v) => set(i, { probability: v })}
                      error={errors[`stages.${i}.probability`]}
                      aria-label={t('crm.deals.pipelines.probability')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      data={STAGE_KINDS.map((k) => ({ value: k, label: t(`crm.deals.pipelines.kinds.${k}`) }))}
                      value={s.kind}
                      onChange={(v) => v && set(i, { kind: v as StageKind })}
                      allowDeselect={false}
                      aria-label={t('crm.deals.pipelines.kind')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        disabled={i === 0}
                        onClick={() => swap(i, i - 1)}
                        aria-label={t('crm.deals.pipelines.up')}
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        disabled={i === stages.length - 1}
                        onClick={() => swap(i, i + 1)}
                        aria-label={t('crm.deals.pipelines.down')}
                      >
                        ↓
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        disabled={stages.length <= 1}
                        onClick={() => setStages((ss) => ss.filter((_, j) => j !== i))}
                        aria-label={t('crm.deals.pipelines.removeStage')}
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setStages((ss) => [...ss, { key: rowKey(), name: '', probability: 50, kind: 'open' }])}
            data-testid="add-stage"
          >
            {t('crm.deals.pipelines.addStage')}
          </Button>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!name.trim() || stages.length === 0 || stages.some((s) => !s.name.trim())}
              data-testid="pipeline-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
