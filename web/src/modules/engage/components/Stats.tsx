import { Card, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import { COUNT_KEYS, RATE_KEYS, type SeriesPoint, type Stats } from '../api.ts';

/** A rate with one decimal (12.5 %), or a dash when the API says null (its denominator is zero). */
export function useRate() {
  const { i18n } = useTranslation();
  const tag = i18n.language === 'ru' ? 'ru-RU' : 'en-GB';
  return (v: number | null | undefined) =>
    v === null || v === undefined
      ? '—'
      : new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

/**
 * The six counts and the four rates, each with its definition in a tooltip. The numbers are the
 * API's (src/engage/stats.ts) as they are: nothing here is derived, so nothing can disagree.
 */
export function StatsTiles({ stats, testId = 'stats' }: { stats: Stats; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rate = useRate();
  return (
    <Stack gap="sm" data-testid={testId}>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        {COUNT_KEYS.map((k) => (
          <Tile
            key={k}
            label={t(`engage.metrics.${k}`)}
            hint={t(`engage.definitions.${k}`)}
            testId={`${testId}-${k}`}
            value={stats[k]}
          >
            {f.number(stats[k], 0)}
          </Tile>
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, lg: 4 }}>
        {RATE_KEYS.map((k) => (
          <Tile
            key={k}
            label={t(`engage.metrics.${k}`)}
            hint={t(`engage.definitions.${k}`)}
            testId={`${testId}-${k}`}
            value={stats[k]}
          >
            {rate(stats[k])}
          </Tile>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Tile({
  label,
  hint,
  value,
  testId,
  children,
}: {
  label: string;
  hint: string;
  value: number | null;
  testId: string;
  children: string;
}) {
  return (
    <Tooltip label={hint} multiline maw={300} withArrow>
      <Card withBorder padding="sm" data-testid={testId} data-value={value ?? ''}>
        <Text size="xs" c="dimmed" truncate="end">
          {label}
        </Text>
        <Text size="xl" fw={700}>
          {children}
        </Text>
      </Card>
    </Tooltip>
  );
}

/** The rate definitions written out (the analytics page shows them under its tiles). */
export function RateDefinitions() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" data-testid="rate-definitions">
      <Stack gap="xs">
        <Title order={5}>{t('engage.analytics.definitions')}</Title>
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {RATE_KEYS.map((k) => (
              <Table.Tr key={k}>
                <Table.Td w={200}>
                  <Text size="sm" fw={500}>
                    {t(`engage.metrics.${k}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`engage.definitions.${k}`)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {t('engage.definitions.noRate')}
        </Text>
      </Stack>
    </Card>
  );
}

/** ECharts on a div as the other charts draw them: SVG, resized with its box. */
function Chart({ option, height, testId }: { option: echarts.EChartsCoreOption; height: number; testId: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}

const SERIES = ['sent', 'delivered', 'opened', 'clicked', 'bounced'] as const;

/** Counts per day: a line each for sent, delivered, opened, clicked and bounced. */
export function SeriesChart({ points, title, testId }: { points: SeriesPoint[]; title: string; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => f.date(p.date)), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => f.number(v, 0) } },
      series: SERIES.map((k) => ({
        name: t(`engage.metrics.${k}`),
        type: 'line',
        data: points.map((p) => p[k] ?? 0),
        showSymbol: points.length < 2,
      })),
    }),
    [points, f, t],
  );
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={5}>{title}</Title>
        <Chart option={option} height={260} testId={`${testId}-chart`} />
      </Stack>
    </Card>
  );
}
