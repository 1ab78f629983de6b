import { Button, Card, Checkbox, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
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
import { CAMPAIGN_STATUSES, CAMPAIGNS_KEY, type Campaign, hasResults, type Results, useCampaigns } from '../api.ts';
import { CampaignStatusBadge } from '../components/CampaignStatusBadge.tsx';
import { useStatFormat } from '../components/format.ts';
import { IntervalChart } from '../components/IntervalChart.tsx';

const COMPARE_DEFAULT = 6;

/**
 * /campaigns: every campaign with its status, audience and uplift; filter by status, search by
 * name; below, the uplift of the chosen launched campaigns side by side, each with its 95 % interval.
 */
export function CampaignsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const s = useStatFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const list = useCampaigns({ status, q: debounced });
  const rows = useMemo(
    () => [...(list.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [list.data],
  );
  const launched = rows.filter(hasResults);
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = picked ?? launched.slice(0, COMPARE_DEFAULT).map((c) => c.id);
  const results = useQueries({
    queries: launched.map((c) => ({
      queryKey: [...CAMPAIGNS_KEY, c.id, 'results'],
      queryFn: () => get<Results>(`/campaigns/${c.id}/results`),
      staleTime: 30_000,
    })),
  });
  const resultOf = (id: string) => results[launched.findIndex((c) => c.id === id)]?.data;
  const toggle = (id: string) => setPicked(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const filtered = !!status || !!debounced;
  const create = can('engage:write') && (
    <Button component={Link} to="/campaigns/new" leftSection={<IconPlus size={16} />} data-testid="campaigns-new">
      {t('campaigns.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.campaigns')} description={t('campaigns.intro')} actions={create} />
      <Group gap="sm" mb="md">
        <SearchInput
          value={q}
          onChange={setQ}
          placeholder={t('campaigns.search')}
          w={280}
          data-testid="campaigns-search"
        />
        <Select
          w={220}
          aria-label={t('campaigns.columns.status')}
          placeholder={t('campaigns.allStatuses')}
          data={CAMPAIGN_STATUSES.map((x) => ({ value: x, label: t(`campaigns.statuses.${x}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          data-testid="campaigns-status"
        />
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="campaigns-empty"
          title={filtered ? t('campaigns.emptyFiltered') : t('campaigns.empty')}
          description={filtered ? undefined : t('campaigns.emptyText')}
          action={(!filtered && create) || undefined}
        />
      ) : (
        <Stack gap="md">
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={820}>
              <Table highlightOnHover verticalSpacing="sm" data-testid="campaigns-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40} />
                    <Table.Th>{t('campaigns.columns.name')}</Table.Th>
                    <Table.Th>{t('campaigns.columns.status')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.columns.audience')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.columns.uplift')}</Table.Th>
                    <Table.Th>{t('campaigns.columns.launched')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((c) => {
                    const r = hasResults(c) ? resultOf(c.id) : undefined;
                    return (
                      <Table.Tr
                        key={c.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() => navigate(`/campaigns/${c.id}`)}
                        data-testid="campaigns-row"
                        data-id={c.id}
                      >
                        <Table.Td onClick={(e) => e.stopPropagation()}>
                          {hasResults(c) && (
                            <Checkbox
                              aria-label={t('campaigns.compare.pick')}
                              checked={chosen.includes(c.id)}
                              onChange={() => toggle(c.id)}
                              data-testid="campaigns-compare-pick"
                            />
                          )}
                        </Table.Td>
                        <Table.Td maw={340}>
                          <Text
                            component={Link}
                            to={`/campaigns/${c.id}`}
                            onClick={(e) => e.stopPropagation()}
                            size="sm"
                            fw={500}
                            c="blue"
                            truncate="end"
                            title={c.name}
                            display="block"
                          >
                            {c.name}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <CampaignStatusBadge status={c.status} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{c.audience === null ? '—' : f.number(c.audience, 0)}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm" data-testid="campaigns-uplift" data-value={r?.uplift ?? ''}>
                            {r ? (s.pp(r.uplift) ?? t('campaigns.results.notEnough')) : '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{f.dateTime(c.launchedAt ?? c.startsAt)}</Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <Card withBorder padding="md" data-testid="campaigns-compare">
            <Stack gap="sm">
              <Title order={5}>{t('campaigns.compare.title')}</Title>
              <Text size="sm" c="dimmed">
                {t('campaigns.compare.hint')}
              </Text>
              {launched.length === 0 || chosen.length === 0 ? (
                <Text size="sm" c="dimmed" data-testid="campaigns-compare-empty">
                  {t('campaigns.compare.empty')}
                </Text>
              ) : (
                <IntervalChart
                  testId="campaigns-compare-chart"
                  rows={launched
                    .filter((c) => chosen.includes(c.id))
                    .map((c: Campaign) => {
                      const r = resultOf(c.id);
                      return {
                        key: c.id,
                        label: c.name,
                        value: r?.uplift ?? null,
                        ci: r?.upliftCI ?? null,
                        pending: !r,
                      };
                    })}
                  format={(v) => s.pp(v) ?? ''}
                  missing={t('campaigns.compare.noInterval')}
                />
              )}
            </Stack>
          </Card>
        </Stack>
      )}
    </>
  );
}
