import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { useFormat } from '../../../../format.ts';
import { segmentKey } from './api.ts';

/** ECharts on a div, as the reports draw them: SVG (labels in the DOM), resized with its box. */
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

/** Size over the last 30 days (GET /segments/{id}/history): the size line, and who entered and left each day. */
export function SizeChart({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: [...segmentKey(id), 'history'],
    queryFn: () => get<ResponseOf<'getSegmentHistory'>>(`/segments/${id}/history`, { days: 30 }),
  });
  const days = q.data?.data ?? [];
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: days.map((d) => f.date(d.day)),
        axisLabel: { hideOverlap: true },
      },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => f.number(v, 0) } },
        {
          type: 'value',
          minInterval: 1,
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => f.number(v, 0) },
        },
      ],
      series: [
        {
          name: t('segmentation.history.size'),
          type: 'line',
          data: days.map((d) => d.size),
          showSymbol: days.length < 2,
        },
        {
          name: t('segmentation.history.entered'),
          type: 'bar',
          yAxisIndex: 1,
          data: days.map((d) => d.entered),
          color: '#2f9e44',
        },
        {
          name: t('segmentation.history.exited'),
          type: 'bar',
          yAxisIndex: 1,
          data: days.map((d) => -d.exited),
          color: '#e03131',
        },
      ],
    }),
    [days, f, t],
  );
  if (q.isError || (q.isSuccess && days.length === 0)) return null;
  return (
    <Card withBorder padding="md" data-testid="segment-history">
      <Stack gap="xs">
        <Title order={5}>{t('segmentation.history.title')}</Title>
        {q.isPending ? (
          <Text size="sm" c="dimmed">
            {t('common.loading')}
          </Text>
        ) : (
          <Chart option={option} height={240} testId="segment-history-chart" />
        )}
      </Stack>
    </Card>
  );
}
