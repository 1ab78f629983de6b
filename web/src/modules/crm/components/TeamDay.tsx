import { Anchor, Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import type { Schema } from '../../../api/contract.ts';
import { fromCount, Stat } from '../../../components/HomeStat.tsx';
import { browserTz, localDay } from './sales-api.ts';

type TeamSummary = Schema<'TeamSummary'>;

/**
 * The CRM's part of the admin's / head of sales' home: the team's day in one request
 * (GET /team/summary, counted in SQL in the browser's time zone).
 */
export function TeamDay() {
  const { t } = useTranslation();
  const tz = browserTz();
  const today = localDay(new Date());
  const summary = useQuery({
    queryKey: ['crm', 'team', 'summary', tz, today],
    queryFn: () => get<TeamSummary>('/team/summary', { tz, day: today }),
  });
  const d = summary.data;
  // Open tasks due today, per assignee: who has the most to do.
  const managers = (d?.tasksTodayByAssignee ?? [])
    .slice(0, 8)
    .map((m) => ({ id: m.userId, name: m.name ?? t('dashboard.team.unassigned'), n: m.count }));
  return (
    <Card withBorder padding="lg" data-testid="team-day">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('dashboard.team.title')}</Title>
        <Anchor component={Link} to="/activities" size="sm">
          {t('dashboard.team.allActivities')}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Stat
          label={t('dashboard.team.tasksToday')}
          value={d && fromCount(d.tasksToday)}
          to="/activities"
          testId="team-tasks"
        />
        <Stat
          label={t('dashboard.team.callsToday')}
          value={d && fromCount(d.callsToday)}
          to="/activities"
          testId="team-calls"
        />
        <Stat
          label={t('dashboard.team.meetingsToday')}
          value={d && fromCount(d.meetingsToday)}
          to="/activities"
          testId="team-meetings"
        />
        <Stat
          label={t('dashboard.team.overdue')}
          value={d && fromCount(d.overdueTasks)}
          to="/activities"
          testId="team-overdue"
          tone="bad"
        />
        <Stat
          label={t('dashboard.team.wonMonth')}
          value={d?.wonThisMonth.count}
          to="/reports"
          testId="team-won"
          tone="good"
        />
        <Stat
          label={t('dashboard.team.newPeople')}
          value={d && fromCount(d.newPeopleThisWeek)}
          to="/people"
          testId="team-new-people"
        />
      </SimpleGrid>
      <Text size="sm" fw={600} mt="md" mb={6}>
        {t('dashboard.team.byManager')}
      </Text>
      {d && managers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboard.team.noTasks')}
        </Text>
      ) : (
        <Group gap="xs" data-testid="team-by-manager">
          {managers.map((m) => (
            <Badge
              key={m.id ?? ''}
              variant="light"
              size="lg"
              component={Link}
              to={m.id ? `/agenda?user=${m.id}` : '/activities'}
              style={{ cursor: 'pointer', textTransform: 'none' }}
            >
              {m.name}: {m.n}
            </Badge>
          ))}
        </Group>
      )}
    </Card>
  );
}
