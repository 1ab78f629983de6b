import { Progress, Stack, Text } from '@mantine/core';
import { useFormat } from '../../format.ts';
import type { Job } from '../../types.ts';

export function JobProgress({ job }: { job: Job }) {
  const f = useFormat();
  const done = job.state === 'completed';
  const value = done ? 1 : (job.progress ?? null);
  if (value === null) return <Text size="sm" c="dimmed">—</Text>;
  const color = job.state === 'failed' || job.state === 'dead' ? 'red' : done ? 'teal' : 'blue';
  return (
    <Stack gap={2} miw={120}>
      <Progress value={Math.round(value * 100)} color={color} size="md" animated={job.state === 'active'} striped={job.state === 'active'} aria-label={f.percent(value)} />
      <Text size="xs" c="dimmed" truncate maw={220}>
        {f.percent(value)}
        {job.progressMessage ? ` · ${job.progressMessage}` : ''}
      </Text>
    </Stack>
  );
}
