import { Card, Group, Loader, Select, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { JobStateBadge } from '../../components/Badges.tsx';
import { IconJobs } from '../../components/icons.tsx';
import { JobDrawer } from '../../components/jobs/JobDrawer.tsx';
import { JobProgress } from '../../components/jobs/JobProgress.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { JOB_STATES } from '../../types.ts';

const REFRESH_MS = 2000;

export function JobsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [state, setState] = useState<string | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: ['jobs', state, name],
    queryFn: ({ pageParam }) => get<ResponseOf<'listJobs'>>('/jobs', { state, name, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const names = q.data?.pages[0]?.names ?? [];
  const filtered = !!(state || name);

  return (
    <>
      <PageHeader title={t('nav.settings.jobs')} description={t('jobs.description')} />
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={t('jobs.state')}
          placeholder={t('jobs.allStates')}
          data={JOB_STATES.map((s) => ({ value: s, label: t(`jobs.states.${s}`) }))}
          value={state}
          onChange={setState}
          clearable
          w={200}
          data-testid="jobs-state-filter"
        />
        <Select
          label={t('jobs.name')}
          placeholder={t('jobs.allNames')}
          data={names}
          value={name}
          onChange={setName}
          clearable
          searchable
          w={260}
          data-testid="jobs-name-filter"
        />
        <Group gap={6} pb={8}>
          {q.isFetching && !q.isPending && <Loader size="xs" />}
          <Text size="xs" c="dimmed">
            {t('jobs.autoRefresh', { seconds: REFRESH_MS / 1000 })}
          </Text>
        </Group>
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="jobs-empty"
          icon={<IconJobs size={28} />}
          title={filtered ? t('jobs.emptyFiltered') : t('jobs.empty')}
          description={filtered ? undefined : t('jobs.emptyText')}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('jobs.name')}</Table.Th>
                  <Table.Th>{t('jobs.state')}</Table.Th>
                  <Table.Th>{t('jobs.progress')}</Table.Th>
                  <Table.Th ta="right">{t('jobs.attempts')}</Table.Th>
                  <Table.Th>{t('jobs.createdAt')}</Table.Th>
                  <Table.Th>{t('jobs.completedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((j) => (
                  <Table.Tr
                    key={j.id}
                    className="kt-clickable"
                    onClick={() => setOpenId(j.id)}
                    data-testid={`job-row-${j.id}`}
                  >
                    <Table.Td>
                      <Text size="sm" className="kt-mono">
                        {j.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <JobStateBadge state={j.state} />
                    </Table.Td>
                    <Table.Td>
                      <JobProgress job={j} />
                    </Table.Td>
                    <Table.Td ta="right">{t('jobs.attemptsOf', { n: j.attempts, max: j.retryLimit + 1 })}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.precise(j.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.precise(j.completedAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Card>
      )}
      <JobDrawer jobId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
