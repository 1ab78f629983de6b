import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { type Conversation, OPEN_STATUSES, type Page, SERVICE_KEY, slaBreached, useMembers, useTeams } from '../api.ts';
import { duration } from '../components/labels.ts';
import { ServiceTabs } from '../components/ServiceTabs.tsx';
import { usePresence } from '../live.ts';

/** The most open conversations the dashboard reads (pages of 500); past it, counts say "at least". */
const CAP = 2_000;

/** Every open conversation (pages of 500 up to CAP): the queue is counted from these rows. */
async function fetchOpen(): Promise<{ rows: Conversation[]; complete: boolean }> {
  const rows: Conversation[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<Conversation>>('/conversations', {
      status: OPEN_STATUSES.join(','),
      limit: 500,
      cursor,
      sort: '-createdAt',
    });
    rows.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < CAP);
  return { rows, complete: !cursor };
}

/**
 * /inbox/dashboard — the supervisor's view: the open queue by team and status, what waits longest
 * for a first answer, what is past its SLA, and who of the team is online now (the live socket's
 * presence). Refreshed by live events and every 30 s.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: [...SERVICE_KEY, 'dashboard'], queryFn: fetchOpen, refetchInterval: 30_000 });
  const teams = useTeams();
  const members = useMembers();
  const online = usePresence();
  const now = Date.now();

  const rows = q.data?.rows ?? [];
  const more = q.data && !q.data.complete ? '+' : '';
  const teamName = (id: string | null) =>
    id ? (teams.data?.find((x) => x.id === id)?.name ?? t('service.dashboard.unknownTeam')) : t('service.inbox.noTeam');
  const teamIds = [...new Set(rows.map((c) => c.teamId))];
  const count = (team: string | null, status: string) =>
    rows.filter((c) => c.teamId === team && c.status === status).length;
  const waiting = rows
    .filter((c) => !c.firstResponseAt)
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))
    .slice(0, 8);
  const breached = rows.filter((c) => slaBreached(c, now)).length;
  const unassigned = rows.filter((c) => !c.assigneeId).length;
  const oldest = waiting[0]?.createdAt ? (now - new Date(waiting[0].createdAt).getTime()) / 1000 : null;

  return (
    <>
      <PageHeader title={t('nav.inbox')} description={t('service.dashboard.intro')} />
      <ServiceTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Stack gap="md" data-testid="service-dashboard">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Stat label={t('service.dashboard.open')} value={`${rows.length}${more}`} testId="dash-open" />
            <Stat label={t('service.dashboard.unassigned')} value={`${unassigned}${more}`} testId="dash-unassigned" />
            <Stat label={t('service.dashboard.breached')} value={`${breached}${more}`} testId="dash-breached" />
            <Stat label={t('service.dashboard.oldestWaiting')} value={duration(t, oldest)} testId="dash-oldest" />
          </SimpleGrid>
          <Card withBorder padding="md" data-testid="dash-queue">
            <Title order={5} mb="sm">
              {t('service.dashboard.queue')}
            </Title>
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('service.dashboard.queueEmpty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('service.fields.team')}</Table.Th>
                      {OPEN_STATUSES.map((s) => (
                        <Table.Th key={s} ta="right">
                          {t(`service.statuses.${s}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {teamIds.map((team) => (
                      <Table.Tr key={team ?? 'none'} data-testid="dash-queue-row">
                        <Table.Td>
                          <Text size="sm" truncate="end" maw={160} title={teamName(team)}>
                            {teamName(team)}
                          </Text>
                        </Table.Td>
                        {OPEN_STATUSES.map((s) => (
                          <Table.Td key={s} ta="right">
                            {count(team, s) || '—'}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Card withBorder padding="md" data-testid="dash-agents">
              <Title order={5} mb="sm">
                {t('service.dashboard.agentsOnline')}
              </Title>
              {online === null ? (
                <Text size="sm" c="dimmed" data-testid="dash-agents-unknown">
                  {t('service.dashboard.presenceUnknown')}
                </Text>
              ) : online.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('service.dashboard.nobodyOnline')}
                </Text>
              ) : (
                <Stack gap={6}>
                  {online.map((a) => {
                    const name = a.name ?? members.data?.find((m) => m.id === a.userId)?.name ?? a.userId.slice(0, 8);
                    const load = rows.filter((c) => c.assigneeId === a.userId).length;
                    return (
                      <Group key={a.userId} justify="space-between" wrap="nowrap" data-testid="dash-agent">
                        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                          <Badge variant="dot" color="green" style={{ flexShrink: 0 }}>
                            {t('service.dashboard.online')}
                          </Badge>
                          <Text size="sm" truncate="end" title={name}>
                            {name}
                          </Text>
                        </Group>
                        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                          {t('service.dashboard.assignedOpen', { count: load })}
                        </Text>
                      </Group>
                    );
                  })}
                </Stack>
              )}
            </Card>
            <Card withBorder padding="md" data-testid="dash-waiting">
              <Title order={5} mb="sm">
                {t('service.dashboard.waitingTitle')}
              </Title>
              {waiting.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('service.dashboard.nobodyWaiting')}
                </Text>
              ) : (
                <Stack gap={6}>
                  {waiting.map((c) => (
                    <Group key={c.id} justify="space-between" wrap="nowrap" gap="sm" data-testid="dash-waiting-row">
                      <Anchor
                        component={Link}
                        to={`/inbox/${c.id}`}
                        size="sm"
                        truncate="end"
                        title={c.subject ?? undefined}
                      >
                        #{c.number} {c.subject || t('service.inbox.noSubject')}
                      </Anchor>
                      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }} title={f.dateTime(c.createdAt ?? null)}>
                        {duration(t, c.createdAt ? (now - new Date(c.createdAt).getTime()) / 1000 : null)}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}
