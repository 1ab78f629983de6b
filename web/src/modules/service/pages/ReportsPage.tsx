import { Alert, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../../../api.ts';
import { DateField } from '../../../components/DateFields.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { REPORTS_KEY, type ServiceReport, useMembers } from '../api.ts';
import { EChart } from '../components/EChart.tsx';
import { duration } from '../components/labels.ts';
import { ServiceTabs } from '../components/ServiceTabs.tsx';

/** GET /service/reports (src/service/reports-routes.ts): the period's total, its groups and the backlog. */
type Report = ServiceReport;

const GROUPS = ['channel', 'topic', 'hour', 'agent'] as const;
const DAY = 86_400_000;
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const pad = (n: number) => String(n).padStart(2, '0');
/** A local day as YYYY-MM-DD. */
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** Local midnight of a YYYY-MM-DD day. */
const midnight = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};

/**
 * /inbox/reports — the desk over a period: volume by channel, topic and hour of day, first response
 * and resolution times (median and p90), the SLA hit rate, CSAT by agent, and the backlog by day.
 * One request per grouping to GET /service/reports; the metrics are defined once on the server
 * (src/service/sla/metrics.ts), the page only draws them.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const members = useMembers();
  const [from, setFrom] = useState(() => ymd(new Date(Date.now() - 29 * DAY)));
  const [to, setTo] = useState(() => ymd(new Date()));
  const range = useMemo(() => {
    const end = midnight(to);
    end.setDate(end.getDate() + 1);
    return { from: midnight(from).toISOString(), to: end.toISOString(), timezone: zone() };
  }, [from, to]);
  const qs = useQueries({
    queries: GROUPS.map((groupBy) => ({
      queryKey: [...REPORTS_KEY, groupBy, range],
      queryFn: async (): Promise<Report | null> => {
        try {
          return await get<Report>('/service/reports', { ...range, groupBy });
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        }
      },
    })),
  });
  const [byChannel, byTopic, byHour, byAgent] = qs.map((q) => q.data);
  const pending = qs.some((q) => q.isPending);
  const failed = qs.find((q) => q.isError);
  const total = byChannel?.total;

  const bar = (rows: { label: string; value: number }[], horizontal = false) => ({
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    [horizontal ? 'yAxis' : 'xAxis']: {
      type: 'category',
      data: rows.map((r) => r.label),
      ...(horizontal ? { inverse: true, axisLabel: { width: 140, overflow: 'truncate' } } : {}),
    },
    [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: '#228be6' } }],
  });
  const channelOption = useMemo(
    () =>
      bar(
        (byChannel?.groups ?? []).map((g) => ({
          label: g.key ? t(`service.channels.${g.key as 'email'}`, { defaultValue: g.key }) : '—',
          value: g.volume,
        })),
        true,
      ),
    [byChannel, t],
  );
  const topicOption = useMemo(
    () =>
      bar(
        (byTopic?.groups ?? [])
          .slice()
          .sort((a, b) => b.volume - a.volume)
          .slice(0, 10)
          .map((g) => ({ label: g.key ?? t('service.reports.noTopic'), value: g.volume })),
        true,
      ),
    [byTopic, t],
  );
  const hourOption = useMemo(() => {
    const counts = new Map((byHour?.groups ?? []).map((g) => [Number(g.key), g.volume]));
    return bar(Array.from({ length: 24 }, (_, h) => ({ label: String(h), value: counts.get(h) ?? 0 })));
  }, [byHour]);
  const backlogOption = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: (byChannel?.backlog ?? []).map((b) => f.date(b.at)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', data: (byChannel?.backlog ?? []).map((b) => b.open), showSymbol: false }],
    }),
    [byChannel],
  );
  const mins = (m: number | null | undefined) => (m === null || m === undefined ? '—' : duration(t, m * 60));
  const agentName = (id: string | null) =>
    id ? (members.data?.find((m) => m.id === id)?.name ?? id.slice(0, 8)) : t('service.inbox.unassigned');

  return (
    <>
      <PageHeader title={t('nav.inbox')} description={t('service.reports.intro')} />
      <ServiceTabs />
      <Group gap="sm" mb="md" align="flex-end">
        <DateField
          w={170}
          label={t('service.reports.from')}
          value={from}
          onChange={(v) => v && setFrom(v)}
          maxDate={to}
          data-testid="reports-from"
        />
        <DateField
          w={170}
          label={t('service.reports.to')}
          value={to}
          onChange={(v) => v && setTo(v)}
          minDate={from}
          data-testid="reports-to"
        />
      </Group>
      {pending ? (
        <PageLoader />
      ) : failed ? (
        <ErrorState error={failed.error} onRetry={() => qs.forEach((q) => void q.refetch())} />
      ) : !byChannel || !total ? (
        <Alert color="gray" variant="light" data-testid="reports-not-available">
          {t('service.reports.notAvailable')}
        </Alert>
      ) : (
        <Stack gap="md" data-testid="service-reports">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Figure
              label={t('service.reports.conversations')}
              value={f.number(total.volume, 0)}
              testId="report-volume"
            />
            <Figure
              label={t('service.reports.frt')}
              value={mins(total.firstResponse.medianMinutes)}
              sub={`${t('service.reports.p90')}: ${mins(total.firstResponse.p90Minutes)}`}
              testId="report-frt"
            />
            <Figure
              label={t('service.reports.resolution')}
              value={mins(total.resolution.medianMinutes)}
              sub={`${t('service.reports.p90')}: ${mins(total.resolution.p90Minutes)}`}
              testId="report-resolution"
            />
            <Figure
              label={t('service.reports.slaHitRate')}
              value={total.sla.hitRate === null ? '—' : f.percent(total.sla.hitRate)}
              sub={
                total.csat.average === null
                  ? undefined
                  : `${t('service.reports.csat')}: ${f.number(total.csat.average, 2)}`
              }
              testId="report-sla"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('service.reports.metricsNote')}
          </Text>
          {total.volume === 0 ? (
            <Text c="dimmed" size="sm" data-testid="reports-empty">
              {t('service.reports.empty')}
            </Text>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
                <ChartCard title={t('service.reports.volumeByChannel')}>
                  <EChart
                    option={channelOption}
                    height={Math.max(160, (byChannel.groups.length || 1) * 36 + 24)}
                    testId="chart-channel"
                  />
                </ChartCard>
                <ChartCard title={t('service.reports.volumeByTopic')}>
                  <EChart
                    option={topicOption}
                    height={Math.max(160, Math.min(10, byTopic?.groups.length || 1) * 36 + 24)}
                    testId="chart-topic"
                    userContent
                  />
                </ChartCard>
              </SimpleGrid>
              <ChartCard title={t('service.reports.volumeByHour')}>
                <EChart option={hourOption} height={240} testId="chart-hour" />
              </ChartCard>
              <Stack gap="md">
                <ChartCard title={t('service.reports.csatByAgent')}>
                  <Table.ScrollContainer minWidth={560}>
                    <Table verticalSpacing={4} data-testid="csat-by-agent">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('service.reports.agent')}</Table.Th>
                          <Table.Th ta="right">{t('service.reports.conversations')}</Table.Th>
                          <Table.Th ta="right">{t('service.reports.frt')}</Table.Th>
                          <Table.Th ta="right">{t('service.reports.answers')}</Table.Th>
                          <Table.Th ta="right">{t('service.reports.average')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {(byAgent?.groups ?? []).map((g) => (
                          <Table.Tr key={g.key ?? 'none'}>
                            <Table.Td>
                              <Text size="sm" truncate="end" maw={180} title={agentName(g.key)}>
                                {agentName(g.key)}
                              </Text>
                            </Table.Td>
                            <Table.Td ta="right">{g.volume}</Table.Td>
                            <Table.Td ta="right">{mins(g.firstResponse.medianMinutes)}</Table.Td>
                            <Table.Td ta="right">{g.csat.answered}</Table.Td>
                            <Table.Td ta="right">
                              {g.csat.average === null ? '—' : f.number(g.csat.average, 2)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </ChartCard>
                <ChartCard title={t('service.reports.backlog')}>
                  <EChart option={backlogOption} height={240} testId="chart-backlog" />
                </ChartCard>
              </Stack>
            </>
          )}
        </Stack>
      )}
    </>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Title order={5} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Figure({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
    </Card>
  );
}
