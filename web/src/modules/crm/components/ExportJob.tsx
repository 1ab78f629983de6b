import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, type ApiError } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';

/** POST /{entity}/export (the same answer for people, companies and deals). */
type Started = ResponseOf<'startPeopleExport', 202>;
/** GET /jobs/{id}; the jobs API gives any job's `output` as unknown, an export's is `{ rows }`. */
type JobState = Omit<ResponseOf<'getJob'>, 'output'> & { output: { rows?: number; message?: string } | null };

/**
 * A CSV export as a background job (POST /{entity}/export): the server writes the file in chunks
 * without holding up other requests; this shows its progress and, when done, the download link.
 */
export function useExportJob(entity: 'people' | 'companies' | 'deals') {
  const { t } = useTranslation();
  const [started, setStarted] = useState<Started | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const job = useQuery({
    queryKey: ['export-job', started?.jobId],
    enabled: !!started,
    queryFn: () => get<JobState>(`/jobs/${started!.jobId}`),
    refetchInterval: (q) =>
      ['completed', 'failed', 'dead', 'cancelled'].includes(q.state.data?.state ?? '') ? false : 1000,
  });
  const start = async (params: Record<string, string>) => {
    setStarted(null);
    setError(null);
    setOpened(true);
    try {
      setStarted(await api<Started>('POST', `/${entity}/export`, {}, params));
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const s = job.data;
  const done = s?.state === 'completed';
  const failed = s && ['failed', 'dead', 'cancelled'].includes(s.state);
  const dialog = (
    <Modal
      opened={opened}
      onClose={() => setOpened(false)}
      title={t('crm.common.exportJob.title')}
      data-testid="export-job"
    >
      <Stack>
        {error || failed ? (
          <Alert color="red" data-testid="export-job-failed">
            {error ?? t('crm.common.exportJob.failed')}
          </Alert>
        ) : done ? (
          <>
            <Text size="sm">{t('crm.common.exportJob.ready', { count: s.output?.rows ?? 0 })}</Text>
            <Group justify="flex-end">
              <Button
                component="a"
                href={started!.downloadUrl}
                download={started!.fileName}
                data-testid="export-job-download"
              >
                {t('crm.common.exportJob.download')}
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('crm.common.exportJob.preparing')}
              {s?.progressMessage ? ` — ${s.progressMessage}` : ''}
            </Text>
            <Progress value={Math.round((s?.progress ?? 0) * 100)} animated data-testid="export-job-progress" />
            <Text size="xs" c="dimmed">
              {t('crm.common.exportJob.background')}
            </Text>
          </>
        )}
      </Stack>
    </Modal>
  );
  return { start, dialog };
}
