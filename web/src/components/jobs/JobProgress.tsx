import { Progress, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import type { Job } from '../../types.ts';

/**
 * A job's progress note in the UI's language: the server writes the row counts of imports and
 * exports in English (`5 rows`, `1,200 rows`); other notes are shown as they come.
 */
export function progressNote(t: TFunction, note: string, f: ReturnType<typeof useFormat>): string {
  const rows = note.match(/^([\d,\s]+) rows?$/);
  return rows ? t('jobs.rowsDone', { n: f.number(Number(rows[1]!.replace(/\D/g, '')), 0) }) : note;
}

export function JobProgress({ job }: { job: Job }) {
  const f = useFormat();
  const { t } = useTranslation();
  const done = job.state === 'completed';
  const value = done ? 1 : (job.progress ?? null);
  if (value === null)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const color = job.state === 'failed' || job.state === 'dead' ? 'red' : done ? 'teal' : 'blue';
  return (
    <Stack gap={2} miw={120}>
      <Progress
        value={Math.round(value * 100)}
        color={color}
        size="md"
        animated={job.state === 'active'}
        striped={job.state === 'active'}
        aria-label={f.percent(value)}
      />
      <Text size="xs" c="dimmed" truncate maw={220}>
        {f.percent(value)}
        {job.progressMessage ? ` · ${progressNote(t, job.progressMessage, f)}` : ''}
      </Text>
    </Stack>
  );
}
