import { Badge, Group, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../session.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { ActivityItem } from './ActivityList.tsx';
import { AGENDA_KEY, fetchAgenda, localDay } from './sales-api.ts';
import type { Activity, Cadence } from './sales-types.ts';

export function useAgenda(date: string, userId?: string) {
  const { me } = useSession();
  const uid = userId ?? me.user?.id;
  return useQuery({
    queryKey: [...AGENDA_KEY, uid, date],
    queryFn: () => fetchAgenda(uid, date),
    refetchInterval: 60_000,
  });
}

/**
 * The day's work: overdue tasks, tasks due that day (cadences have already become tasks there,
 * marked with their rhythm). One click on the checkbox marks a task done.
 */
export function AgendaList({
  date = localDay(),
  userId,
  compact,
  limit,
}: {
  date?: string;
  userId?: string;
  compact?: boolean;
  limit?: number;
}) {
  const { t } = useTranslation();
  const agenda = useAgenda(date, userId);
  if (agenda.isPending) return <PageLoader />;
  if (agenda.isError) return <ErrorState error={agenda.error} onRetry={() => void agenda.refetch()} />;
  const cadences = new Map<string, Cadence>(agenda.data.cadences.map((c) => [c.id, c]));
  const late = agenda.data.tasks.filter((a) => a.overdue);
  const today = agenda.data.tasks.filter((a) => !a.overdue);
  if (late.length + today.length === 0)
    return (
      <Empty
        testId="agenda-empty"
        title={t('crm.activities.agenda.nothing')}
        description={compact ? undefined : t('crm.activities.agenda.nothingText')}
      />
    );
  const section = (title: string, color: string, items: Activity[], testId: string) =>
    items.length > 0 && (
      <Stack gap="xs" data-testid={testId}>
        <Group gap={6}>
          <Title order={5}>{title}</Title>
          <Badge size="sm" color={color} variant="light">
            {items.length}
          </Badge>
        </Group>
        {(limit ? items.slice(0, limit) : items).map((a) => {
          const c = a.cadenceId ? cadences.get(a.cadenceId) : undefined;
          return (
            <ActivityItem
              key={a.id}
              activity={a}
              badge={
                c && (
                  <Badge
                    size="xs"
                    variant="outline"
                    color="gray"
                    title={t('crm.activities.cadences.title')}
                    data-testid="agenda-cadence-badge"
                  >
                    {/* The task a cadence made is "a call every 14 days", not just a task. */}
                    {t(`crm.activities.kinds.${c.kind}`)} ·{' '}
                    {t('crm.activities.cadences.everyText', { n: c.intervalDays })}
                  </Badge>
                )
              }
            />
          );
        })}
      </Stack>
    );
  return (
    <Stack gap="lg" data-testid="agenda">
      {section(t('crm.activities.agenda.overdue'), 'red', late, 'agenda-overdue')}
      {section(t('crm.activities.agenda.today'), 'blue', today, 'agenda-today')}
    </Stack>
  );
}
