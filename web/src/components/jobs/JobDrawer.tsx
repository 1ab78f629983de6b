import { Button, Drawer, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';
import type { Job } from '../../types.ts';
import { JobStateBadge } from '../Badges.tsx';
import { JsonBlock } from '../JsonBlock.tsx';
import { Field } from '../Field.tsx';
import { ErrorState, PageLoader } from '../States.tsx';
import { useApiMutation } from '../useApiMutation.ts';
import { canCancel, canRetry } from './jobActions.ts';
import { JobProgress } from './JobProgress.tsx';

export function JobDrawer({ jobId, onClose }: { jobId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => get<Job>(`/jobs/${jobId}`),
    enabled: !!jobId,
    refetchInterval: 2000,
  });
  const action = useApiMutation({
    mutationFn: ({ id, kind }: { id: string; kind: 'retry' | 'cancel' }) => post<Job>(`/jobs/${id}/${kind}`),
    success: (_j, v) => (v.kind === 'retry' ? t('jobs.retried') : t('jobs.cancelled')),
    invalidate: [['jobs'], ['job', jobId]],
  });
  const j = q.data;
  const manage = can('jobs:manage');

  return (
    <Drawer
      opened={!!jobId}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Title order={4}>{t('jobs.detailTitle')}</Title>}
      data-testid="job-drawer"
    >
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : j ? (
        <Stack gap="lg">
          <Group justify="space-between">
            <Group gap="xs">
              <JobStateBadge state={j.state} />
              <Text className="kt-mono">{j.name}</Text>
            </Group>
            {manage && (
              <Group gap="xs">
                {canRetry(j.state) && (
                  <Button
                    size="xs"
                    variant="light"
                    loading={action.isPending}
                    onClick={() => action.mutate({ id: j.id, kind: 'retry' })}
                    data-testid="job-retry"
                  >
                    {t('jobs.retry')}
                  </Button>
                )}
                {canCancel(j.state) && (
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    loading={action.isPending}
                    onClick={() => action.mutate({ id: j.id, kind: 'cancel' })}
                    data-testid="job-cancel"
                  >
                    {t('jobs.cancel')}
                  </Button>
                )}
              </Group>
            )}
          </Group>
          <JobProgress job={j} />
          <SimpleGrid cols={2} spacing="sm">
            <Field label={t('jobs.id')}>
              <span className="kt-mono">{j.id}</span>
            </Field>
            <Field label={t('jobs.attempts')}>{t('jobs.attemptsOf', { n: j.attempts, max: j.retryLimit + 1 })}</Field>
            <Field label={t('jobs.createdAt')}>{f.precise(j.createdAt)}</Field>
            <Field label={t('jobs.startAfter')}>{f.precise(j.startAfter)}</Field>
            <Field label={t('jobs.startedAt')}>{f.precise(j.startedAt)}</Field>
            <Field label={t('jobs.completedAt')}>{f.precise(j.completedAt)}</Field>
          </SimpleGrid>
          <Stack gap="xs">
            <Text fw={600}>{t('jobs.output')}</Text>
            <JsonBlock value={j.output ?? null} testId="job-output" />
          </Stack>
          <Stack gap="xs">
            <Text fw={600}>{t('jobs.data')}</Text>
            <JsonBlock value={j.data} testId="job-data" />
          </Stack>
        </Stack>
      ) : null}
    </Drawer>
  );
}
