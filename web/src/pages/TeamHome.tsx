import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api.ts';
import { browserTz, fetchActivities, localDay } from '../components/crm/sales-api.ts';
import type { Activity, Page } from '../components/crm/sales-types.ts';
import { useFormat } from '../format.ts';
import { useSession } from '../session.tsx';

/**
 * The admin's / head of sales' home: the team's day and the workspace's health, counted from the
 * existing list endpoints (a page of up to 500; beyond that a count shows as "500+").
 */
const MAX = 500;
type Counted = { n: number; more: boolean };
const counted = (p: Page<unknown>): Counted => ({ n: p.data.length, more: p.nextCursor !== null });

function localMidnight(d: Date) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}
function dayBounds() {
  const start = localMidnight(new Date());
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  const week = new Date(start);
  week.setDate(week.getDate() - ((week.getDay() + 6) % 7));
  const month = `${localDay(start).slice(0, 7)}-01`;
  return { from: start.toISOString(), to: end.toISOString(), week: week.toISOString(), month };
}

function Stat({ label, value, to, testId, tone }: { label: string; value: Counted | number | undefined; to: string; testId: string; tone?: 'bad' | 'good' }) {
  const f = useFormat();
  const shown = value === undefined ? undefined : typeof value === 'number' ? f.number(value, 0) : `${f.number(value.n, 0)}${value.more ? '+' : ''}`;
  const n = typeof value === 'number' ? value : value?.n;
  const color = tone === 'bad' && n ? 'red' : tone === 'good' && n !== undefined ? 'teal' : undefined;
  return (
    <UnstyledButton component={Link} to={to} data-testid={testId}>
      <Card withBorder padding="sm" h="100%" className="kt-hover-card">
        <Stack gap={2}>
          {shown === undefined ? (
            <Skeleton h={28} w={48} />
          ) : (
            <Text fz={24} fw={700} c={color} data-testid={`${testId}-value`}>
              {shown}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {label}
          </Text>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}

export function TeamDay() {
  const { t } = useTranslation();
  const { can } = useSession();
  const b = dayBounds();
  const tasks = useQuery({ queryKey: ['crm', 'activities', 'team-day', 'tasks', b.from], queryFn: () => fetchActivities({ kind: 'task', open: true, from: b.from, to: b.to, limit: MAX }) });
  const count = (key: string, query: Record<string, string | number | boolean>) =>
    ({ queryKey: ['crm', 'activities', 'team-day', key, b.from], queryFn: () => fetchActivities({ ...query, limit: MAX }).then(counted) }) as const;
  const calls = useQuery(count('calls', { kind: 'call', from: b.from, to: b.to }));
  const meetings = useQuery(count('meetings', { kind: 'meeting', from: b.from, to: b.to }));
  const visits = useQuery(count('visits', { kind: 'visit', from: b.from, to: b.to }));
  const overdue = useQuery(count('overdue', { kind: 'task', open: true, to: b.from }));
  const won = useQuery({
    queryKey: ['crm', 'reports', 'team-day', 'won', b.month],
    queryFn: () => get<{ series: { count: number }[] }>('/reports/sales', { interval: 'month', from: b.month, tz: browserTz() }).then((r) => r.series.reduce((s, x) => s + x.count, 0)),
  });
  const people = useQuery({
    queryKey: ['crm', 'people', 'team-day', b.week],
    queryFn: () => get<Page<unknown>>('/people', { createdFrom: b.week, limit: MAX }).then(counted),
    enabled: can('crm:read'),
  });
  const meetingsAndVisits = meetings.data && visits.data ? { n: meetings.data.n + visits.data.n, more: meetings.data.more || visits.data.more } : undefined;

  // Open tasks due today, per assignee: who has the most to do.
  const byManager = new Map<string, { id: string | null; name: string; n: number }>();
  for (const a of (tasks.data?.data ?? []) as Activity[]) {
    const key = a.assigneeId ?? '';
    const row = byManager.get(key) ?? { id: a.assigneeId, name: a.assignee?.name ?? t('dashboard.team.unassigned'), n: 0 };
    row.n += 1;
    byManager.set(key, row);
  }
  const managers = [...byManager.values()].sort((x, y) => y.n - x.n).slice(0, 8);
  return (
    <Card withBorder padding="lg" data-testid="team-day">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('dashboard.team.title')}</Title>
        <Anchor component={Link} to="/activities" size="sm">
          {t('dashboard.team.allActivities')}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Stat label={t('dashboard.team.tasksToday')} value={tasks.data ? counted(tasks.data) : undefined} to="/activities" testId="team-tasks" />
        <Stat label={t('dashboard.team.callsToday')} value={calls.data} to="/activities" testId="team-calls" />
        <Stat label={t('dashboard.team.meetingsToday')} value={meetingsAndVisits} to="/activities" testId="team-meetings" />
        <Stat label={t('dashboard.team.overdue')} value={overdue.data} to="/activities" testId="team-overdue" tone="bad" />
        <Stat label={t('dashboard.team.wonMonth')} value={won.data} to="/reports" testId="team-won" tone="good" />
        <Stat label={t('dashboard.team.newPeople')} value={people.data} to="/people" testId="team-new-people" />
      </SimpleGrid>
      <Text size="sm" fw={600} mt="md" mb={6}>
        {t('dashboard.team.byManager')}
      </Text>
      {tasks.data && managers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboard.team.noTasks')}
        </Text>
      ) : (
        <Group gap="xs" data-testid="team-by-manager">
          {managers.map((m) => (
            <Badge key={m.id ?? ''} variant="light" size="lg" component={Link} to={m.id ? `/agenda?user=${m.id}` : '/activities'} style={{ cursor: 'pointer', textTransform: 'none' }}>
              {m.name}: {m.n}
            </Badge>
          ))}
        </Group>
      )}
    </Card>
  );
}

export function WorkspaceHealth() {
  const { t } = useTranslation();
  const { can } = useSession();
  const since = Date.now() - 24 * 3600 * 1000;
  const sources = useQuery({
    queryKey: ['home', 'health', 'sources'],
    enabled: can('cdp:read'),
    queryFn: async () => {
      const list = await get<{ data: { id: string; disabled: boolean }[] }>('/sources');
      const enabled = list.data.filter((s) => !s.disabled);
      // Each source's newest event (the list is newest first): exact, whatever the other sources send.
      const newest = await Promise.all(enabled.map((s) => get<{ data: { receivedAt: string }[] }>('/events', { sourceId: s.id, limit: 1 })));
      const active = newest.filter((e) => e.data[0] && Date.parse(e.data[0].receivedAt) >= since).length;
      return { active, total: enabled.length };
    },
  });
  const jobs = useQuery({
    queryKey: ['home', 'health', 'jobs'],
    enabled: can('jobs:read'),
    queryFn: async () => {
      const [failed, dead] = await Promise.all([get<Page<unknown>>('/jobs', { state: 'failed', limit: MAX }), get<Page<unknown>>('/jobs', { state: 'dead', limit: MAX })]);
      return { n: failed.data.length + dead.data.length, more: failed.nextCursor !== null || dead.nextCursor !== null };
    },
  });
  const hooks = useQuery({
    queryKey: ['home', 'health', 'webhooks'],
    enabled: can('settings:manage'),
    queryFn: async () => {
      const subs = await get<{ data: { id: string }[] }>('/webhooks');
      const pages = await Promise.all(subs.data.map((s) => get<Page<unknown>>(`/webhooks/${s.id}/deliveries`, { status: 'failed', limit: MAX })));
      return { n: pages.reduce((s, p) => s + p.data.length, 0), more: pages.some((p) => p.nextCursor !== null) };
    },
  });
  if (!can('cdp:read') && !can('jobs:read') && !can('settings:manage')) return null;
  return (
    <Card withBorder padding="lg" data-testid="workspace-health">
      <Title order={4} mb="sm">
        {t('dashboard.health.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {can('cdp:read') && (
          <UnstyledButton component={Link} to="/data/sources" data-testid="health-sources">
            <Card withBorder padding="sm" h="100%" className="kt-hover-card">
              <Stack gap={2}>
                {sources.data ? (
                  <Text fz={24} fw={700} c={sources.data.active ? 'teal' : 'orange'} data-testid="health-sources-value">
                    {t('dashboard.health.sourcesOf', { active: sources.data.active, total: sources.data.total })}
                  </Text>
                ) : (
                  <Skeleton h={28} w={64} />
                )}
                <Text size="sm" c="dimmed">
                  {t('dashboard.health.sources')}
                </Text>
              </Stack>
            </Card>
          </UnstyledButton>
        )}
        {can('jobs:read') && <Stat label={t('dashboard.health.failedJobs')} value={jobs.data} to="/settings/jobs" testId="health-jobs" tone="bad" />}
        {can('settings:manage') && <Stat label={t('dashboard.health.webhookFailures')} value={hooks.data} to="/settings/webhooks" testId="health-webhooks" tone="bad" />}
      </SimpleGrid>
    </Card>
  );
}
