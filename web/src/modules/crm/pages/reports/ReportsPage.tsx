import {
  Card,
  Grid,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../../../../api.ts';
import { EChart } from '../../components/EChart.tsx';
import { REPORTS_KEY, browserTz, localDay, useDuration, useMoney, usePipelines } from '../../components/sales-api.ts';
import type {
  ActivityReport,
  CurrencyScoped,
  FunnelReport,
  ReasonsReport,
  SalesReport,
  SourcesReport,
} from '../../components/sales-types.ts';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { DateField } from '../../../../components/DateFields.tsx';

type Range = { from: string; to: string };
const PRESETS = ['last12', 'thisMonth', 'lastMonth', 'quarter', 'year'] as const;
type Preset = (typeof PRESETS)[number];
/** What the page opens with: a year of history. “This month” showed one deal on the 5th of a month while the year had a thousand. */
const DEFAULT_PRESET: Preset = 'last12';
const isPreset = (v: string | null): v is Preset => !!v && (PRESETS as readonly string[]).includes(v);
const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

function preset(kind: Preset): Range {
  const now = new Date();
  const y = now.getFullYear();
  const m = now.getMonth();
  if (kind === 'last12') return { from: localDay(new Date(y, m - 11, 1)), to: localDay(now) };
  if (kind === 'lastMonth') return { from: localDay(new Date(y, m - 1, 1)), to: localDay(new Date(y, m, 0)) };
  if (kind === 'quarter') return { from: localDay(new Date(y, m - 2, 1)), to: localDay(now) };
  if (kind === 'year') return { from: localDay(new Date(y, 0, 1)), to: localDay(now) };
  return { from: localDay(new Date(y, m, 1)), to: localDay(now) };
}

/**
 * The period, kept in the address so that a report can be shared: `?period=thisMonth`, or
 * `?from=2026-01-01&to=2026-03-31` for dates picked by hand; nothing there is the default preset.
 */
function usePeriod() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const named = params.get('period');
  const custom = isDay(from) && isDay(to) && from <= to;
  const presetKey: Preset | '' = custom ? '' : isPreset(named) ? named : DEFAULT_PRESET;
  const range = useMemo(
    () => (custom ? { from: from!, to: to! } : preset(presetKey as Preset)),
    [custom, from, to, presetKey],
  );
  const pick = (k: Preset) =>
    setParams((p) => {
      p.delete('from');
      p.delete('to');
      if (k === DEFAULT_PRESET) p.delete('period');
      else p.set('period', k);
      return p;
    });
  const setDate = (k: keyof Range, v: string) => {
    if (!v) return;
    const next = { ...range, [k]: v };
    if (next.from > next.to) return;
    setParams((p) => {
      p.delete('period');
      p.set('from', next.from);
      p.set('to', next.to);
      return p;
    });
  };
  return { range, presetKey, pick, setDate };
}

/** The API takes instants: the whole of the chosen local days. */
const rangeQuery = (r: Range) => ({
  from: new Date(`${r.from}T00:00:00`).toISOString(),
  to: new Date(new Date(`${r.to}T00:00:00`).getTime() + 86_400_000).toISOString(),
});

function Section({
  title,
  extra,
  children,
  testId,
}: {
  title: string;
  extra?: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={4}>{title}</Title>
        {extra && <Group gap="sm">{extra}</Group>}
      </Group>
      {children}
    </Card>
  );
}

/**
 * The currency a report's amounts are in, and a switch to the others when its deals are in more
 * than one (the API never adds up different currencies; there are no exchange rates).
 */
function CurrencySwitch({ report, onChange }: { report?: CurrencyScoped; onChange: (c: string) => void }) {
  const { t } = useTranslation();
  if (!report) return null;
  const all = report.currencies.includes(report.currency) ? report.currencies : [report.currency, ...report.currencies];
  if (all.length < 2) return null;
  return (
    <Tooltip label={t('crm.reports.currencyHint')} withArrow>
      <SegmentedControl
        size="xs"
        value={report.currency}
        onChange={onChange}
        data={all}
        aria-label={t('crm.reports.currency')}
        data-testid="report-currency"
      />
    </Tooltip>
  );
}

function Loaded<T>({
  q,
  empty,
  children,
}: {
  q: { isPending: boolean; isError: boolean; error: unknown; data?: T; refetch: () => unknown };
  empty: (d: T) => boolean;
  children: (d: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (empty(q.data as T))
    return <Empty title={t('crm.reports.noData')} description={t('crm.reports.noDataText')} testId="report-empty" />;
  return <>{children(q.data as T)}</>;
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { range, presetKey, pick, setDate } = usePeriod();
  const rq = useMemo(() => rangeQuery(range), [range]);
  return (
    <>
      <PageHeader
        title={t('crm.reports.title')}
        description={t('crm.reports.description')}
        actions={
          <>
            <SegmentedControl
              value={presetKey}
              onChange={(v) => pick(v as Preset)}
              data={PRESETS.map((k) => ({ value: k, label: t(`crm.reports.presets.${k}`) }))}
              data-testid="report-presets"
            />
            <DateField
              aria-label={t('crm.reports.from')}
              value={range.from}
              maxDate={range.to}
              onChange={(v) => setDate('from', v)}
              w={150}
              data-testid="report-from"
            />
            <DateField
              aria-label={t('crm.reports.to')}
              value={range.to}
              minDate={range.from}
              onChange={(v) => setDate('to', v)}
              w={150}
              data-testid="report-to"
            />
          </>
        }
      />
      <Stack gap="lg">
        <FunnelSection rq={rq} />
        <SalesSection rq={rq} />
        <ActivitySection rq={rq} />
        {/* Each a full row: side by side at 1280px, the donuts' labels and the axis' numbers had no room. */}
        <ReasonsSection rq={rq} />
        <SourcesSection rq={rq} />
      </Stack>
    </>
  );
}

function FunnelSection({ rq }: { rq: { from: string; to: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const money = useMoney();
  const dur = useDuration();
  const pipelines = usePipelines();
  const [picked, setPicked] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const pipeline = pipelines.data?.find((p) => p.id === picked) ?? pipelines.data?.[0];
  const q = useQuery({
    queryKey: [...REPORTS_KEY, 'funnel', pipeline?.id, currency, rq],
    queryFn: () =>
      get<FunnelReport>('/reports/funnel', { pipelineId: pipeline!.id, ...(currency ? { currency } : {}), ...rq }),
    enabled: !!pipeline,
  });
  // A horizontal bar per stage, in the pipeline's order, rather than ECharts' funnel: the funnel
  // wrote each name inside its band, and at 1280px (half the page) narrow bands had their labels
  // overlapping. Here names sit on the axis (cut with … if long) and counts at the bars' ends.
  const option = useMemo(() => {
    const stages = q.data?.stages ?? [];
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: stages.map((s) => s.name),
        axisTick: { show: false },
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          colorBy: 'data',
          barMaxWidth: 28,
          label: { show: true, position: 'right', formatter: '{c}' },
          data: stages.map((s) => ({ name: s.name, value: s.count })),
        },
      ],
    };
  }, [q.data]);
  return (
    <Section
      title={t('crm.reports.funnel.title')}
      testId="report-funnel"
      extra={
        pipelines.data && pipelines.data.length > 0 ? (
          <>
            <CurrencySwitch report={q.data} onChange={setCurrency} />
            <Select
              searchable
              aria-label={t('crm.reports.funnel.pipeline')}
              data-testid="funnel-pipeline"
              data={pipelines.data.map((p) => ({ value: p.id, label: p.name }))}
              value={pipeline?.id ?? null}
              onChange={(v) => {
                setPicked(v);
                setCurrency(null);
              }}
              allowDeselect={false}
              w={220}
            />
          </>
        ) : undefined
      }
    >
      {!pipeline && !pipelines.isPending ? (
        <Empty title={t('crm.reports.noData')} testId="report-empty" />
      ) : (
        <Loaded q={q} empty={(d: FunnelReport) => d.stages.length === 0}>
          {(d) => (
            <Grid gap="lg">
              {/* Side by side from 1408px; below, the table under the chart has the card's width and no column is cut. */}
              <Grid.Col span={{ base: 12, xl: 5 }}>
                <EChart option={option} height={Math.max(200, d.stages.length * 40 + 24)} testId="funnel-chart" />
              </Grid.Col>
              <Grid.Col span={{ base: 12, xl: 7 }}>
                <Table.ScrollContainer type="native" minWidth={520}>
                  <Table verticalSpacing={6} data-testid="funnel-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('crm.reports.funnel.stage')}</Table.Th>
                        <Table.Th ta="right">{t('crm.reports.funnel.count')}</Table.Th>
                        <Table.Th ta="right">{t('crm.reports.funnel.amount')}</Table.Th>
                        <Table.Th ta="right">{t('crm.reports.funnel.conversion')}</Table.Th>
                        <Table.Th ta="right">{t('crm.reports.funnel.avgTime')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.stages.map((s) => (
                        <Table.Tr key={s.stageId} data-testid={`funnel-row-${s.stageId}`}>
                          <Table.Td fz="sm">{s.name}</Table.Td>
                          <Table.Td fz="sm" ta="right" data-testid="funnel-count">
                            {s.count}
                          </Table.Td>
                          <Table.Td fz="sm" ta="right" data-testid="funnel-amount">
                            {money(s.amount, d.currency)}
                          </Table.Td>
                          <Table.Td fz="sm" ta="right" data-testid="funnel-conversion">
                            {s.conversionToNext === null ? '—' : f.percent(s.conversionToNext)}
                          </Table.Td>
                          <Table.Td fz="sm" ta="right" data-testid="funnel-avg-time">
                            {dur(s.avgSecondsInStage)}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Grid.Col>
            </Grid>
          )}
        </Loaded>
      )}
    </Section>
  );
}

function SalesSection({ rq }: { rq: { from: string; to: string } }) {
  const { t } = useTranslation();
  const money = useMoney();
  // Months for a long period (a year in weeks is 52 columns), weeks for a short one; the switch still picks any.
  const long = new Date(rq.to).getTime() - new Date(rq.from).getTime() > 100 * 86_400_000;
  const [interval, setInterval] = useState<'day' | 'week' | 'month'>(long ? 'month' : 'week');
  useEffect(() => setInterval(long ? 'month' : 'week'), [long]);
  const [groupBy, setGroupBy] = useState<'none' | 'owner' | 'region'>('none');
  const [metric, setMetric] = useState<'amount' | 'count'>('amount');
  const [chart, setChart] = useState<'bar' | 'line'>('bar');
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<string>('');
  const [currency, setCurrency] = useState<string | null>(null);
  const q = useQuery({
    queryKey: [...REPORTS_KEY, 'sales', interval, groupBy, pipelineId, currency, rq],
    queryFn: () =>
      get<SalesReport>('/reports/sales', {
        interval,
        groupBy,
        tz: browserTz(),
        ...(pipelineId ? { pipelineId } : {}),
        ...(currency ? { currency } : {}),
        ...rq,
      }),
  });
  const cur = q.data?.currency ?? null;
  const periods = useMemo(
    () => q.data?.periods ?? [...new Set((q.data?.series ?? []).flatMap((s) => s.points.map((p) => p.period)))].sort(),
    [q.data],
  );
  const label = (p: string) => (interval === 'month' ? p.slice(0, 7) : p.slice(0, 10));
  // The server names the single series "All" and the empty group "No region"/"No owner" in English.
  const seriesName = (s: SalesReport['series'][number]) =>
    groupBy === 'none'
      ? t('crm.reports.sales.total')
      : s.key === ''
        ? t('crm.reports.sales.unknown')
        : s.label || s.key;
  const value = (v: number) => (metric === 'amount' ? money(v, cur) : String(v));
  const option = useMemo(() => {
    const series = q.data?.series ?? [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => (metric === 'amount' ? money(v, cur) : String(v)) },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: periods.map(label) },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => (metric === 'amount' ? money(v, cur, true) : String(v)) },
      },
      series: series.map((s) => {
        const by = new Map(s.points.map((p) => [p.period, p]));
        return {
          name: seriesName(s),
          type: chart,
          stack: groupBy === 'none' ? undefined : 'total',
          smooth: chart === 'line',
          areaStyle: chart === 'line' && groupBy !== 'none' ? {} : undefined,
          emphasis: { focus: 'series' },
          data: periods.map((p) => by.get(p)?.[metric] ?? 0),
        };
      }),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data, periods, metric, chart, groupBy, interval, money, t, cur]);
  return (
    <Section
      title={t('crm.reports.sales.title')}
      testId="report-sales"
      extra={
        <>
          <CurrencySwitch report={q.data} onChange={setCurrency} />
          <SegmentedControl
            size="xs"
            value={interval}
            onChange={(v) => setInterval(v as 'day')}
            data={(['day', 'week', 'month'] as const).map((k) => ({
              value: k,
              label: t(`crm.reports.sales.intervals.${k}`),
            }))}
            data-testid="sales-interval"
          />
          {pipelines.data && pipelines.data.length > 1 ? (
            <Select
              searchable
              size="xs"
              aria-label={t('crm.reports.sales.pipeline')}
              data-testid="sales-pipeline"
              value={pipelineId}
              onChange={(v) => setPipelineId(v ?? '')}
              data={[
                { value: '', label: t('crm.reports.sales.allPipelines') },
                ...pipelines.data.map((p) => ({ value: p.id, label: p.name })),
              ]}
              allowDeselect={false}
              w={180}
            />
          ) : null}
          <Select
            size="xs"
            aria-label={t('crm.reports.sales.groupBy')}
            data-testid="sales-group"
            value={groupBy}
            onChange={(v) => setGroupBy((v ?? 'none') as 'none')}
            data={(['none', 'owner', 'region'] as const).map((k) => ({
              value: k,
              label: t(`crm.reports.sales.groups.${k}`),
            }))}
            allowDeselect={false}
            w={150}
          />
          <SegmentedControl
            size="xs"
            value={metric}
            onChange={(v) => setMetric(v as 'amount')}
            data={(['amount', 'count'] as const).map((k) => ({ value: k, label: t(`crm.reports.sales.metrics.${k}`) }))}
            data-testid="sales-metric"
          />
          <SegmentedControl
            size="xs"
            value={chart}
            onChange={(v) => setChart(v as 'bar')}
            data={(['bar', 'line'] as const).map((k) => ({ value: k, label: t(`crm.reports.sales.charts.${k}`) }))}
          />
        </>
      }
    >
      <Text size="xs" c="dimmed" mb="xs">
        {t('crm.reports.sales.hint')}
      </Text>
      <Loaded q={q} empty={(d: SalesReport) => d.series.every((s) => s.points.every((p) => !p.count))}>
        {(d) => (
          <Stack>
            <EChart option={option} height={320} testId="sales-chart" />
            {/* The exact figures behind the chart: one row per group, one column per period. */}
            <Table.ScrollContainer type="native" minWidth={Math.max(480, 140 + periods.length * 110)}>
              <Table verticalSpacing={4} striped data-testid="sales-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(`crm.reports.sales.dimension.${groupBy}`)}</Table.Th>
                    {periods.map((p) => (
                      <Table.Th key={p} ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="sales-period">
                        {label(p)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">{t('crm.reports.sales.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.series.map((s) => (
                    <Table.Tr key={s.key} data-testid={`sales-row-${s.key}`}>
                      <Table.Td fz="sm" data-testid="sales-series">
                        {seriesName(s)}
                      </Table.Td>
                      {periods.map((p) => (
                        <Table.Td key={p} fz="sm" ta="right" data-testid={`sales-cell-${p}`}>
                          {value(s.points.find((x) => x.period === p)?.[metric] ?? 0)}
                        </Table.Td>
                      ))}
                      <Table.Td fz="sm" ta="right" fw={600} data-testid="sales-total">
                        {value(s.points.reduce((n, x) => n + x[metric], 0))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Loaded>
    </Section>
  );
}

const ACTIVITY_COLUMNS = ['callsOut', 'callsIn', 'meetings', 'visits', 'tasksDone', 'emails', 'notes'] as const;

function ActivitySection({ rq }: { rq: { from: string; to: string } }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: [...REPORTS_KEY, 'activity', rq],
    queryFn: () => get<ActivityReport>('/reports/activity', rq),
  });
  const name = (r: ActivityReport['rows'][number]) => r.ownerName || t('crm.reports.activity.nobody');
  const option = useMemo(() => {
    const rows = q.data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      yAxis: { type: 'category', data: rows.map(name), inverse: true },
      xAxis: { type: 'value', minInterval: 1 },
      series: ACTIVITY_COLUMNS.map((k) => ({
        name: t(`crm.reports.activity.${k}`),
        type: 'bar',
        stack: 'total',
        emphasis: { focus: 'series' },
        data: rows.map((r) => r[k] ?? 0),
      })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data, t]);
  return (
    <Section title={t('crm.reports.activity.title')} testId="report-activity">
      <Loaded q={q} empty={(d: ActivityReport) => d.rows.length === 0}>
        {(d) => (
          <Stack>
            <EChart option={option} height={Math.max(180, d.rows.length * 36 + 80)} testId="activity-chart" />
            <Table.ScrollContainer type="native" minWidth={760}>
              <Table verticalSpacing={6} striped data-testid="activity-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('crm.reports.activity.manager')}</Table.Th>
                    <Table.Th ta="right">{t('crm.reports.activity.calls')}</Table.Th>
                    {ACTIVITY_COLUMNS.map((k) => (
                      <Table.Th key={k} ta="right">
                        {t(`crm.reports.activity.${k}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.rows.map((r) => (
                    <Table.Tr key={r.ownerId ?? 'none'} data-testid={`activity-row-${r.ownerId ?? 'none'}`}>
                      <Table.Td fz="sm" data-testid="activity-manager">
                        {name(r)}
                      </Table.Td>
                      <Table.Td fz="sm" ta="right" fw={600} data-testid="activity-calls">
                        {r.calls}
                      </Table.Td>
                      {ACTIVITY_COLUMNS.map((k) => (
                        <Table.Td key={k} fz="sm" ta="right" data-testid={`activity-${k}`}>
                          {r[k] ?? 0}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Loaded>
    </Section>
  );
}

function ReasonsSection({ rq }: { rq: { from: string; to: string } }) {
  const { t } = useTranslation();
  const [currency, setCurrency] = useState<string | null>(null);
  const q = useQuery({
    queryKey: [...REPORTS_KEY, 'reasons', currency, rq],
    queryFn: () => get<ReasonsReport>('/reports/reasons', { ...(currency ? { currency } : {}), ...rq }),
  });
  // A legend beside the donut names each slice with its count; labels on the slices came out as
  // fragments (“Н155”, “1:..”) where slices were thin.
  const pie = (rows: ReasonsReport['won']) => {
    const data = rows.map((r) => ({ name: r.reason || t('crm.reports.reasons.noReason'), value: r.count }));
    const counts = new Map(data.map((d) => [d.name, d.value]));
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: {
        type: 'scroll',
        orient: 'vertical',
        right: 0,
        top: 'middle',
        width: '52%',
        formatter: (name: string) => `${name} — ${counts.get(name) ?? 0}`,
        textStyle: { width: 200, overflow: 'truncate' },
        tooltip: { show: true },
      },
      series: [
        {
          type: 'pie',
          center: ['24%', '50%'],
          radius: ['42%', '72%'],
          label: { show: false },
          labelLine: { show: false },
          data,
        },
      ],
    };
  };
  return (
    <Section
      title={t('crm.reports.reasons.title')}
      testId="report-reasons"
      extra={<CurrencySwitch report={q.data} onChange={setCurrency} />}
    >
      <Loaded q={q} empty={(d: ReasonsReport) => d.won.length + d.lost.length === 0}>
        {(d) => (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(['lost', 'won'] as const).map((k) => (
              <Stack key={k} gap={4}>
                <Text fw={600} size="sm" ta="center" c={k === 'won' ? 'teal' : 'red'}>
                  {t(`crm.reports.reasons.${k}`)}
                </Text>
                {d[k].length ? (
                  <EChart option={pie(d[k])} height={260} testId={`reasons-${k}-chart`} />
                ) : (
                  <Text size="sm" c="dimmed" ta="center" py="xl">
                    {t('crm.reports.noData')}
                  </Text>
                )}
              </Stack>
            ))}
          </SimpleGrid>
        )}
      </Loaded>
    </Section>
  );
}

const COUNT_COLOR = '#228be6';
const AMOUNT_COLOR = '#12b886';

function SourcesSection({ rq }: { rq: { from: string; to: string } }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [by, setBy] = useState<'sources' | 'campaigns'>('sources');
  const [currency, setCurrency] = useState<string | null>(null);
  const q = useQuery({
    queryKey: [...REPORTS_KEY, 'sources', currency, rq],
    queryFn: () => get<SourcesReport>('/reports/sources', { ...(currency ? { currency } : {}), ...rq }),
  });
  const cur = q.data?.currency ?? null;
  const option = useMemo(() => {
    const rows =
      (by === 'sources'
        ? q.data?.sources.map((r) => ({ name: r.source, won: r.won, amount: r.amount }))
        : q.data?.campaigns.map((r) => ({ name: r.campaign, won: r.won, amount: r.amount }))) ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      // One axis per unit: deals won on top, the amount below, each in its series' colour, in compact
      // numbers (“30 млн”) spaced so that they never run together (“30 млн60 млн…”).
      grid: { left: 8, right: 24, top: 36, bottom: 64, containLabel: true },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.name || t('crm.reports.sources.none')),
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      xAxis: [
        {
          type: 'value',
          minInterval: 1,
          position: 'top',
          splitNumber: 4,
          axisLabel: { color: COUNT_COLOR, hideOverlap: true },
          axisLine: { show: true, lineStyle: { color: COUNT_COLOR } },
          splitLine: { show: false },
        },
        {
          type: 'value',
          position: 'bottom',
          splitNumber: 4,
          axisLabel: { color: AMOUNT_COLOR, hideOverlap: true, formatter: (v: number) => money(v, null, true) },
          axisLine: { show: true, lineStyle: { color: AMOUNT_COLOR } },
        },
      ],
      series: [
        {
          name: t('crm.reports.sources.won'),
          type: 'bar',
          xAxisIndex: 0,
          color: COUNT_COLOR,
          data: rows.map((r) => r.won),
        },
        {
          name: cur ? t('crm.reports.sources.amountIn', { currency: cur }) : t('crm.reports.sources.amount'),
          type: 'bar',
          xAxisIndex: 1,
          color: AMOUNT_COLOR,
          data: rows.map((r) => r.amount),
          tooltip: { valueFormatter: (v: number) => money(v, cur) },
        },
      ],
    };
  }, [q.data, by, money, t, cur]);
  return (
    <Section
      title={t('crm.reports.sources.title')}
      testId="report-sources"
      extra={
        <>
          <CurrencySwitch report={q.data} onChange={setCurrency} />
          <SegmentedControl
            size="xs"
            value={by}
            onChange={(v) => setBy(v as 'sources')}
            data={(['sources', 'campaigns'] as const).map((k) => ({ value: k, label: t(`crm.reports.sources.${k}`) }))}
          />
        </>
      }
    >
      <Loaded q={q} empty={(d: SourcesReport) => (by === 'sources' ? d.sources.length : d.campaigns.length) === 0}>
        {(d) => (
          <EChart
            option={option}
            height={Math.max(220, (by === 'sources' ? d.sources.length : d.campaigns.length) * 40 + 80)}
            testId="sources-chart"
          />
        )}
      </Loaded>
    </Section>
  );
}

export default ReportsPage;
