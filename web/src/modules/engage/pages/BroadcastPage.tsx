import { Anchor, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get, post } from '../../../api.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconArrowLeft } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import {
  BROADCASTS_KEY,
  type PeriodStats,
  progressSettled,
  type Stats,
  useBroadcast,
  useBroadcastProgress,
  useChannels,
  useTemplates,
} from '../api.ts';
import { percentOf } from '../components/progress.ts';
import { SeriesChart, StatsTiles } from '../components/Stats.tsx';
import { BroadcastStatusBadge } from '../components/StatusBadge.tsx';

/**
 * /messaging/broadcasts/:id: progress (polled while it sends), pause / resume / cancel, the results
 * with the rates' definitions, and the counts over time.
 */
export function BroadcastPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const writable = can('engage:write');
  const progress = useBroadcastProgress(id);
  const pr = progress.data;
  const live = !pr || !progressSettled(pr);
  const q = useBroadcast(id, live);
  const b = q.data;
  const stats = useQuery({
    queryKey: [...BROADCASTS_KEY, id, 'stats'],
    queryFn: () => get<Stats>(`/broadcasts/${id}/stats`),
    refetchInterval: live ? 2000 : false,
  });
  // The counts over time: the analytics series of this broadcast's messages (one entry per day with messages).
  const series = useQuery({
    queryKey: [...BROADCASTS_KEY, id, 'series'],
    queryFn: () => get<PeriodStats>('/messaging/stats', { broadcastId: id, interval: 'day' }),
    refetchInterval: live ? 5000 : false,
  });
  // Once the last message is final, the results are read once more: the last poll may predate it.
  const refetchStats = stats.refetch;
  const refetchSeries = series.refetch;
  useEffect(() => {
    if (live) return;
    void refetchStats();
    void refetchSeries();
  }, [live, refetchStats, refetchSeries]);
  const channels = useChannels();
  const templates = useTemplates();
  const [cancelling, setCancelling] = useState(false);
  const action = useApiMutation({
    mutationFn: (a: 'pause' | 'resume' | 'cancel') => post(`/broadcasts/${id}/${a}`),
    success: (_, a) =>
      t(
        a === 'pause'
          ? 'engage.broadcasts.paused'
          : a === 'resume'
            ? 'engage.broadcasts.resumed'
            : 'engage.broadcasts.cancelled',
      ),
    invalidate: [BROADCASTS_KEY],
    onSuccess: () => setCancelling(false),
  });

  if (q.isPending) return <PageLoader />;
  if (q.isError || !b) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const percent = pr ? percentOf(pr) : null;
  const channel = channels.data?.find((c) => c.id === b.channelId);
  const template = templates.data?.find((x) => x.id === b.templateId);
  const s = stats.data;

  return (
    <Stack gap="md" data-testid="broadcast-page" data-id={b.id}>
      <Anchor component={Link} to="/messaging/broadcasts" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('engage.tabs.broadcasts')}
        </Group>
      </Anchor>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span data-testid="broadcast-title">{b.name}</span>
            <BroadcastStatusBadge status={b.status} />
          </Group>
        }
        actions={
          writable && (
            <>
              {(b.status === 'running' || b.status === 'scheduled') && (
                <Button variant="default" onClick={() => action.mutate('pause')} data-testid="broadcast-pause">
                  {t('engage.broadcasts.pause')}
                </Button>
              )}
              {b.status === 'paused' && (
                <Button variant="default" onClick={() => action.mutate('resume')} data-testid="broadcast-resume">
                  {t('engage.broadcasts.resume')}
                </Button>
              )}
              {['running', 'scheduled', 'paused', 'draft'].includes(b.status) && (
                <Button variant="subtle" color="red" onClick={() => setCancelling(true)} data-testid="broadcast-cancel">
                  {t('engage.broadcasts.cancel')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card withBorder padding="md">
        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              {t('engage.broadcasts.progress')}
            </Text>
            <Text size="sm" c="dimmed" data-testid="broadcast-progress-text">
              {pr && (pr.audienceFrozen || pr.created > 0)
                ? t('engage.broadcasts.progressText', { done: f.number(pr.final, 0), total: f.number(pr.total, 0) })
                : t('engage.broadcasts.progressUnknown')}
            </Text>
          </Group>
          <Progress
            value={percent ?? 0}
            size="lg"
            animated={b.status === 'running'}
            data-testid="broadcast-progress"
            data-percent={percent ?? ''}
          />
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Fact label={t('engage.common.channel')} value={channel?.name ?? '—'} />
        <Fact
          label={t('engage.broadcasts.template')}
          value={template?.name ?? '—'}
          to={template ? `/messaging/templates/${template.id}` : undefined}
        />
        <Fact label={t('engage.broadcasts.total')} value={b.total === null ? '—' : f.number(b.total, 0)} />
        <Fact
          label={b.startedAt || !b.scheduledAt ? t('engage.broadcasts.startedAt') : t('engage.broadcasts.scheduledAt')}
          value={f.dateTime(b.startedAt ?? b.scheduledAt ?? null)}
        />
      </SimpleGrid>
      <Title order={4}>{t('engage.broadcasts.stats')}</Title>
      {stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : s ? (
        <StatsTiles stats={s} testId="broadcast-stats" />
      ) : (
        <PageLoader />
      )}
      {series.data?.series && series.data.series.length > 0 && (
        <SeriesChart points={series.data.series} title={t('engage.broadcasts.chart')} testId="broadcast-series" />
      )}
      <Anchor component={Link} to={`/messaging/log?broadcastId=${b.id}`} size="sm" data-testid="broadcast-log-link">
        {t('engage.broadcasts.messages')}
      </Anchor>
      <ConfirmModal
        opened={cancelling}
        title={t('engage.broadcasts.cancelTitle', { name: b.name })}
        message={t('engage.broadcasts.cancelText')}
        confirmLabel={t('engage.broadcasts.cancel')}
        loading={action.isPending}
        onConfirm={() => action.mutate('cancel')}
        onClose={() => setCancelling(false)}
      />
    </Stack>
  );
}

function Fact({ label, value, to }: { label: string; value: string; to?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} fw={600} size="sm" truncate="end" display="block">
          {value}
        </Anchor>
      ) : (
        <Text fw={600} size="sm" truncate="end" title={value}>
          {value}
        </Text>
      )}
    </Card>
  );
}
