import { Button, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import { JobProgress } from '../../../components/jobs/JobProgress.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { notifyError, notifySuccess } from '../../../notify.ts';
import { useSession } from '../../../session.tsx';
import { AT_RISK_KEY, INSIGHTS_KEY, MODELS_KEY, type ModelKind, SCORES_KEY } from '../api.ts';

type Job = ResponseOf<'getJob'>;
const FINAL: readonly Job['state'][] = ['completed', 'cancelled', 'failed', 'dead'];

/**
 * "Train now" (insights:write) and the training's progress, read from the jobs API (GET /jobs/{id})
 * every second until the job is final; then the model, its scores and the at-risk list are read again.
 * A training already running when the page opens (the model says `training` with its job) is followed too.
 */
export function TrainControl({
  kind,
  runningJobId,
  trained,
}: {
  kind: ModelKind;
  /** The job of a training the server reports as running. */
  runningJobId?: string | null;
  /** The model has a version already (the button then says "Train again"). */
  trained: boolean;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const qc = useQueryClient();
  const [started, setStarted] = useState<string | null>(null);
  const jobId = started ?? runningJobId ?? null;
  const job = useQuery({
    queryKey: [...INSIGHTS_KEY, 'job', jobId ?? ''],
    queryFn: () => get<Job>(`/jobs/${jobId}`),
    enabled: !!jobId && can('jobs:read'),
    refetchInterval: (q) => (q.state.data && FINAL.includes(q.state.data.state) ? false : 1000),
  });
  const state = job.data?.state;
  const running = !!jobId && (!state || !FINAL.includes(state));
  // When the job this page started (or followed) ends: say so once and read the model again.
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (!jobId || !state || !FINAL.includes(state) || told.current === jobId) return;
    told.current = jobId;
    if (state === 'completed') notifySuccess(t('insights.models.trainDone'));
    else notifyError(new Error(t(`jobs.states.${state}`)), t('insights.models.trainFailed'));
    for (const queryKey of [MODELS_KEY, SCORES_KEY, AT_RISK_KEY]) void qc.invalidateQueries({ queryKey });
  }, [jobId, state, qc, t]);
  // While it runs, the model's own status moves too (training → ready / insufficient_data).
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void qc.invalidateQueries({ queryKey: [...MODELS_KEY] }), 3000);
    return () => clearInterval(timer);
  }, [running, qc]);

  const train = useApiMutation({
    mutationFn: () => post<{ jobId: string }>(`/models/${kind}/train`),
    success: t('insights.models.trainStarted'),
    invalidate: [MODELS_KEY],
    onSuccess: (r) => {
      told.current = null;
      setStarted(r.jobId);
    },
  });

  return (
    <Stack gap={6} data-testid={`train-${kind}`} data-job={jobId ?? ''} data-state={state ?? ''}>
      {can('insights:write') && (
        <Group gap="sm">
          <Button
            size="compact-sm"
            variant={trained ? 'light' : 'filled'}
            loading={train.isPending}
            disabled={running}
            onClick={() => train.mutate()}
            data-testid={`train-${kind}-button`}
          >
            {trained ? t('insights.models.trainAgain') : t('insights.models.train')}
          </Button>
        </Group>
      )}
      {jobId && job.data && (
        <Stack gap={2} data-testid={`train-${kind}-progress`}>
          <Text size="xs" c="dimmed">
            {t('insights.models.jobTitle')}: {t(`jobs.states.${job.data.state}`, { defaultValue: job.data.state })}
          </Text>
          <JobProgress job={job.data} />
        </Stack>
      )}
    </Stack>
  );
}
