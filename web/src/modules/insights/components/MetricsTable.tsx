import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DESCRIPTIVE, LOWER_IS_BETTER, useInsightsFormat } from './labels.ts';

/**
 * The model's metrics on the held-out part beside the baseline's (the same metric, the same people):
 * a metric both have is marked better or worse for the model; the data's own figures (sizes) are shown
 * without a comparison.
 */
export function MetricsTable({
  metrics,
  baseline,
  testId,
  compact = false,
}: {
  metrics: Record<string, unknown> | null | undefined;
  baseline: Record<string, unknown> | null | undefined;
  testId: string;
  /** Only the algorithms, the quality metrics and the held-out size (the models page's cards). */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useInsightsFormat();
  const m = metrics ?? {};
  const b = baseline ?? {};
  const keys = [...new Set([...Object.keys(m), ...Object.keys(b)])].filter(
    (k) => (isShown(m[k]) || isShown(b[k])) && (!compact || k === 'model' || k === 'n' || !DESCRIPTIVE.has(k)),
  );
  // The algorithms first, then the quality metrics, then the data's figures.
  const rank = (k: string) => (k === 'model' ? 0 : DESCRIPTIVE.has(k) ? 2 : 1);
  keys.sort((x, y) => rank(x) - rank(y));
  if (keys.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
        {t('insights.models.noMetrics')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table verticalSpacing={6} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('insights.models.metric')}</Table.Th>
            <Table.Th ta="right">{t('insights.models.model')}</Table.Th>
            <Table.Th ta="right">{t('insights.models.baseline')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => {
            const mv = m[k];
            const bv = b[k];
            const cmp =
              typeof mv === 'number' && typeof bv === 'number' && !DESCRIPTIVE.has(k) && mv !== bv
                ? (LOWER_IS_BETTER.has(k) ? mv < bv : mv > bv)
                  ? 'better'
                  : 'worse'
                : null;
            return (
              <Table.Tr
                key={k}
                data-testid={`${testId}-row`}
                data-metric={k}
                data-model={typeof mv === 'number' ? mv : ''}
                data-baseline={typeof bv === 'number' ? bv : ''}
                data-compare={cmp ?? ''}
              >
                <Table.Td>
                  <Text size="sm">{fmt.metric(k)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text
                    size="sm"
                    fw={600}
                    c={cmp === 'better' ? 'teal' : cmp === 'worse' ? 'red' : undefined}
                    title={cmp ? t(`insights.models.${cmp}`) : undefined}
                  >
                    {fmt.metricValue(k, mv)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" c="dimmed">
                    {fmt.metricValue(k, bv)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const isShown = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';
