import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, get, post } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { ActivityComposer } from '../../components/ActivityComposer.tsx';
import { ActivityList } from '../../components/ActivityList.tsx';
import { CloseReasonModal } from '../../components/CloseReasonModal.tsx';
import { DealFormModal } from '../../components/DealFormModal.tsx';
import { CRM_PERSON_KEY, fetchCrmPerson } from '../../components/people-api.ts';
import { statusColor } from '../../components/DealTable.tsx';
import { DEAL_KEY, SALES_KEYS, refName, useDuration, useMoney, usePipelines } from '../../components/sales-api.ts';
import type { Deal } from '../../components/sales-types.ts';
import { IconArrowLeft, IconDots } from '../../../../components/icons.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { ConfirmDelete } from '../../components/DeleteRecord.tsx';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';

export function DealPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const money = useMoney();
  const dur = useDuration();
  const navigate = useNavigate();
  const { can } = useSession();
  const writable = can('crm:write');
  const deal = useQuery({ queryKey: [...DEAL_KEY, id], queryFn: () => get<Deal>(`/deals/${id}`) });
  const history = useQuery({
    queryKey: [...DEAL_KEY, id, 'history'],
    queryFn: () => get<ResponseOf<'getDealStageHistory'>>(`/deals/${id}/stage-history`).then((r) => r.data),
  });
  const pipelines = usePipelines();
  // The deal's contact, for the number a call is logged with (as on the person card).
  const personId = deal.data?.personId ?? null;
  const contact = useQuery({
    queryKey: [...CRM_PERSON_KEY, personId],
    queryFn: () => fetchCrmPerson(personId!),
    enabled: !!personId && can('crm:read'),
  });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [lostStage, setLostStage] = useState<string | null>(null);

  const move = useApiMutation({
    mutationFn: (v: { stageId: string; closeReason?: string }) => post<Deal>(`/deals/${id}/move`, v),
    success: (d) =>
      t('crm.deals.moved', { title: d.title, stage: pipeline?.stages.find((s) => s.id === d.stageId)?.name ?? '' }),
    invalidate: SALES_KEYS,
    onSuccess: () => setLostStage(null),
  });

  if (deal.isPending) return <PageLoader />;
  if (deal.isError)
    return deal.error instanceof ApiError && deal.error.status === 404 ? (
      <Empty
        title={t('crm.deals.notFound')}
        action={
          <Button component={Link} to="/deals">
            {t('crm.deals.back')}
          </Button>
        }
      />
    ) : (
      <ErrorState error={deal.error} onRetry={() => void deal.refetch()} />
    );
  const d = deal.data;
  const pipeline = pipelines.data?.find((p) => p.id === d.pipelineId);
  const stageName = (sid: string | null | undefined, name?: string | null) =>
    name ?? pipeline?.stages.find((s) => s.id === sid)?.name ?? '—';

  const field = (label: string, value: React.ReactNode) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {value || '—'}
      </Text>
    </Stack>
  );

  return (
    <Stack data-testid="deal-page">
      <Anchor component={Link} to={`/deals?pipeline=${d.pipelineId}`} size="sm">
        <IconArrowLeft size={14} style={{ verticalAlign: -2 }} /> {t('crm.deals.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2} data-testid="deal-title-heading">
              {d.title}
            </Title>
            <Badge variant="light" color={statusColor(d.status)} data-testid="deal-status">
              {t(`crm.deals.status.${d.status}`)}
            </Badge>
          </Group>
          <Text size="xl" fw={600} c="blue">
            {money(d.amount, d.currency)}
          </Text>
        </Stack>
        <Group gap="sm">
          <Select
            searchable
            aria-label={t('crm.deals.fields.stage')}
            data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={d.stageId}
            disabled={!writable || move.isPending}
            allowDeselect={false}
            onChange={(v) => {
              if (!v || v === d.stageId) return;
              if (pipeline?.stages.find((s) => s.id === v)?.kind === 'lost') setLostStage(v);
              else move.mutate({ stageId: v });
            }}
            w={220}
            data-testid="deal-stage-select"
          />
          {writable && (
            <>
              <Button variant="default" onClick={() => setEditing(true)} data-testid="deal-edit">
                {t('common.edit')}
              </Button>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="subtle" color="gray" px={8} aria-label={t('common.actions')}>
                    <IconDots />
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item color="red" onClick={() => setDeleting(true)}>
                    {t('common.delete')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
          )}
        </Group>
      </Group>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder padding="md">
              <Text fw={600} mb="sm">
                {t('crm.deals.details')}
              </Text>
              <SimpleGrid cols={2} spacing="sm">
                {field(t('crm.deals.fields.pipeline'), pipeline?.name)}
                {field(t('crm.deals.fields.stage'), stageName(d.stageId, d.stage?.name))}
                {field(
                  t('crm.deals.fields.person'),
                  d.personId && (
                    <Anchor component={Link} to={`/people/${d.personId}`} size="sm">
                      {refName(d.person, d.personId)}
                    </Anchor>
                  ),
                )}
                {field(
                  t('crm.deals.fields.company'),
                  d.companyId && (
                    <Anchor component={Link} to={`/companies/${d.companyId}`} size="sm">
                      {refName(d.company, d.companyId)}
                    </Anchor>
                  ),
                )}
                {field(t('crm.deals.fields.owner'), d.owner?.name)}
                {field(t('crm.deals.fields.expectedClose'), d.expectedClose && f.date(`${d.expectedClose}T00:00:00`))}
                {field(
                  t('crm.deals.fields.probability'),
                  d.probability ?? pipeline?.stages.find((s) => s.id === d.stageId)?.probability,
                )}
                {field(t('crm.deals.fields.source'), d.source)}
                {field(t('crm.deals.fields.campaign'), d.campaign)}
                {field(t('crm.deals.fields.region'), d.region)}
                {d.status !== 'open' && field(t('crm.deals.fields.closeReason'), d.closeReason)}
                {d.closedAt &&
                  field(t('crm.deals.fields.status'), t('crm.deals.closedOn', { date: f.date(d.closedAt) }))}
                {field(t('crm.deals.fields.createdAt'), f.dateTime(d.createdAt))}
                {field(t('crm.deals.fields.updatedAt'), f.dateTime(d.updatedAt))}
              </SimpleGrid>
            </Card>
            <Card withBorder padding="md" data-testid="stage-history">
              <Text fw={600} mb="sm">
                {t('crm.deals.history')}
              </Text>
              {history.isPending ? (
                <PageLoader />
              ) : history.isError ? (
                <ErrorState error={history.error} />
              ) : history.data.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('crm.deals.noHistory')}
                </Text>
              ) : (
                <Timeline bulletSize={14} lineWidth={2}>
                  {history.data.map((h) => (
                    <Timeline.Item
                      key={h.id}
                      title={
                        <Text size="sm">
                          {h.fromStageId
                            ? t('crm.deals.historyRow', {
                                from: stageName(h.fromStageId, h.fromStage),
                                to: stageName(h.toStageId, h.toStage),
                              })
                            : t('crm.deals.historyCreated', { to: stageName(h.toStageId, h.toStage) })}
                        </Text>
                      }
                    >
                      <Text size="xs" c="dimmed">
                        {f.dateTime(h.changedAt)}
                        {h.secondsInFrom !== null && h.fromStageId
                          ? ` · ${t('crm.deals.timeInStage', { time: dur(h.secondsInFrom) })}`
                          : ''}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            {writable && (
              <Card withBorder padding="md">
                <ActivityComposer
                  dealId={d.id}
                  personId={d.personId}
                  companyId={d.companyId}
                  phone={contact.data?.phones[0] ?? null}
                />
              </Card>
            )}
            <Text fw={600}>{t('crm.deals.activities')}</Text>
            <ActivityList filter={{ dealId: d.id }} />
          </Stack>
        </Grid.Col>
      </Grid>

      <DealFormModal opened={editing} deal={d} onClose={() => setEditing(false)} />
      <CloseReasonModal
        opened={!!lostStage}
        title={d.title}
        loading={move.isPending}
        onClose={() => setLostStage(null)}
        onConfirm={(reason) => lostStage && move.mutate({ stageId: lostStage, closeReason: reason })}
      />
      <ConfirmDelete
        entity="deals"
        target={deleting ? { id: d.id, name: d.title } : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/deals')}
        onRestored={(gone) => navigate(`/deals/${gone}`)}
      />
    </Stack>
  );
}
