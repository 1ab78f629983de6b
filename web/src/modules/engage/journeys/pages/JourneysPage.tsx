import { Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get } from '../../../../api.ts';
import { IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { SearchInput } from '../../../../components/SearchInput.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import { JOURNEY_STATUSES, JOURNEYS_KEY, type JourneyStats, useJourneys } from '../api.ts';
import { JourneyStatusBadge } from '../components/JourneyStatusBadge.tsx';

/**
 * /journeys: every journey with its status, published version, people in flight, people who
 * entered and the goal conversion; filter by status, search by name.
 */
export function JourneysPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const list = useJourneys({ status, q: debounced });
  const rows = useMemo(
    () => [...(list.data ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    [list.data],
  );
  const published = rows.filter((j) => j.version !== null);
  const stats = useQueries({
    queries: published.map((j) => ({
      queryKey: [...JOURNEYS_KEY, j.id, 'stats', ''],
      queryFn: () => get<JourneyStats>(`/journeys/${j.id}/stats`),
      staleTime: 30_000,
    })),
  });
  const statsOf = (id: string) => stats[published.findIndex((j) => j.id === id)]?.data?.journey;
  const filtered = !!status || !!debounced;
  const create = can('engage:write') && (
    <Button component={Link} to="/journeys/new" leftSection={<IconPlus size={16} />} data-testid="journeys-new">
      {t('journeys.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.journeys')} description={t('journeys.intro')} actions={create} />
      <Group gap="sm" mb="md">
        <SearchInput
          value={q}
          onChange={setQ}
          placeholder={t('journeys.search')}
          w={280}
          data-testid="journeys-search"
        />
        <Select
          w={220}
          aria-label={t('journeys.columns.status')}
          placeholder={t('journeys.allStatuses')}
          data={JOURNEY_STATUSES.map((x) => ({ value: x, label: t(`journeys.statuses.${x}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          data-testid="journeys-status"
        />
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="journeys-empty"
          title={filtered ? t('journeys.emptyFiltered') : t('journeys.empty')}
          description={filtered ? undefined : t('journeys.emptyText')}
          action={(!filtered && create) || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={820}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="journeys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('journeys.columns.name')}</Table.Th>
                  <Table.Th>{t('journeys.columns.status')}</Table.Th>
                  <Table.Th>{t('journeys.columns.version')}</Table.Th>
                  <Table.Th ta="right">{t('journeys.columns.inFlight')}</Table.Th>
                  <Table.Th ta="right">{t('journeys.columns.entered')}</Table.Th>
                  <Table.Th ta="right">{t('journeys.columns.conversion')}</Table.Th>
                  <Table.Th>{t('journeys.columns.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((j) => {
                  const s = statsOf(j.id);
                  const inFlight = j.counts?.active ?? s?.active;
                  const entered = j.counts?.total ?? s?.entered;
                  return (
                    <Table.Tr
                      key={j.id}
                      style={{ cursor: 'pointer' }}
                      onClick={() => navigate(`/journeys/${j.id}`)}
                      data-testid="journeys-row"
                      data-id={j.id}
                    >
                      <Table.Td maw={340}>
                        <Text
                          component={Link}
                          to={`/journeys/${j.id}`}
                          onClick={(e) => e.stopPropagation()}
                          size="sm"
                          fw={500}
                          c="blue"
                          truncate="end"
                          title={j.name}
                          display="block"
                        >
                          {j.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <JourneyStatusBadge status={j.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={j.version === null ? 'dimmed' : undefined}>
                          {j.version === null
                            ? t('journeys.notPublished')
                            : t('journeys.versionN', { version: j.version })}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" data-testid="journeys-in-flight">
                          {inFlight === undefined ? '—' : f.number(inFlight, 0)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" data-testid="journeys-entered">
                          {entered === undefined ? '—' : f.number(entered, 0)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">
                          {s?.conversionRate === null || s?.conversionRate === undefined
                            ? '—'
                            : f.percent(s.conversionRate)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{f.dateTime(j.updatedAt)}</Text>
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
