import { Button, Card, Group, Progress, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { BROADCASTS_KEY, type Broadcast, fetchAll, useBroadcastProgress, useChannels } from '../api.ts';
import { MessagingTabs } from '../components/MessagingTabs.tsx';
import { percentOf } from '../components/progress.ts';
import { BroadcastStatusBadge } from '../components/StatusBadge.tsx';

/** /messaging/broadcasts: every broadcast with its status and progress (refreshed while one is sending). */
export function BroadcastsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const q = useQuery({
    queryKey: [...BROADCASTS_KEY, 'list'],
    queryFn: () => fetchAll<Broadcast>('/broadcasts'),
    refetchInterval: (query) => ((query.state.data ?? []).some(isLive) ? 3000 : false),
  });
  const channels = useChannels();
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? '—';
  const create = can('engage:write') && (
    <Button
      component={Link}
      to="/messaging/broadcasts/new"
      leftSection={<IconPlus size={16} />}
      data-testid="broadcasts-new"
    >
      {t('engage.broadcasts.create')}
    </Button>
  );
  const rows = [...(q.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <>
      <PageHeader title={t('nav.messaging')} description={t('engage.broadcasts.intro')} actions={create} />
      <MessagingTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="broadcasts-empty"
          title={t('engage.broadcasts.empty')}
          description={t('engage.broadcasts.emptyText')}
          action={create || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="broadcasts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('engage.common.name')}</Table.Th>
                  <Table.Th>{t('engage.common.status')}</Table.Th>
                  <Table.Th w={220}>{t('engage.broadcasts.progress')}</Table.Th>
                  <Table.Th>{t('engage.common.channel')}</Table.Th>
                  <Table.Th>{t('engage.common.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((b) => {
                  return (
                    <Table.Tr
                      key={b.id}
                      style={{ cursor: 'pointer' }}
                      onClick={() => navigate(`/messaging/broadcasts/${b.id}`)}
                      data-testid="broadcasts-row"
                      data-id={b.id}
                    >
                      <Table.Td maw={320}>
                        <Text
                          component={Link}
                          to={`/messaging/broadcasts/${b.id}`}
                          onClick={(e) => e.stopPropagation()}
                          size="sm"
                          fw={500}
                          c="blue"
                          truncate="end"
                          title={b.name}
                          display="block"
                        >
                          {b.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <BroadcastStatusBadge status={b.status} />
                      </Table.Td>
                      <Table.Td>
                        {b.status === 'draft' ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <ProgressCell id={b.id} />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" truncate="end" maw={200}>
                          {channelName(b.channelId)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{f.dateTime(b.createdAt)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}

const isLive = (b: Broadcast) => b.status === 'scheduled' || b.status === 'running';

/** A broadcast's bar in the list: its own progress (GET /broadcasts/{id}/progress), polled until settled. */
function ProgressCell({ id }: { id: string }) {
  const f = useFormat();
  const q = useBroadcastProgress(id);
  const p = q.data;
  if (!p)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap="xs" wrap="nowrap" data-testid="broadcasts-progress" data-percent={percentOf(p)}>
      <Progress value={percentOf(p)} w={110} />
      <Text size="xs" c="dimmed">
        {f.number(p.final, 0)} / {f.number(p.total, 0)}
      </Text>
    </Group>
  );
}
