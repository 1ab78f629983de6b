import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureWeight } from '../api.ts';
import { EChart } from './EChart.tsx';
import { useInsightsFormat } from './labels.ts';

/** At most this many features are drawn (the largest weights). */
const TOP = 15;

/**
 * The current model's feature weights as horizontal bars, the largest on top; a negative weight (a
 * feature that lowers the score) is drawn to the left in another colour.
 */
export function FeatureImportanceChart({ features, testId }: { features: FeatureWeight[]; testId: string }) {
  const { t } = useTranslation();
  const fmt = useInsightsFormat();
  const rows = useMemo(
    () =>
      [...features]
        .filter((f) => Number.isFinite(f.weight))
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
        .slice(0, TOP)
        .reverse(),
    [features],
  );
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { hideOverlap: true } },
      yAxis: {
        type: 'category',
        data: rows.map((r) => fmt.feature(r.feature)),
        axisLabel: { width: 220, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('insights.models.featureImportance'),
          data: rows.map((r) => ({
            value: Number(r.weight.toFixed(4)),
            itemStyle: { color: r.weight < 0 ? '#e8590c' : '#1c7ed6' },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number }) => fmt.value(p.value),
          },
        },
      ],
    }),
    [rows, fmt, t],
  );
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
        {t('insights.models.noImportance')}
      </Text>
    );
  return (
    <div data-testid={testId} data-features={rows.map((r) => r.feature).join(',')}>
      <EChart option={option} height={Math.max(120, rows.length * 30 + 40)} testId={`${testId}-chart`} />
    </div>
  );
}
