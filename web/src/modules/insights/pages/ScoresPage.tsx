import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { type Distribution, isAmount, SCORE_KINDS, useDistributions } from '../api.ts';
import { EChart } from '../components/EChart.tsx';
import { InsightsTabs } from '../components/InsightsTabs.tsx';
import { useInsightsFormat } from '../components/labels.ts';

/** /insights/scores: a histogram of each score (churn, LTV forecast, payment risk) over the people who have one. */
export function ScoresPage() {
  const { t } = useTranslation();
  const q = useDistributions();
  const byKind = new Map((q.data ?? []).map((d) => [d.kind, d]));
  return (
    <>
      <PageHeader title={t('nav.insights')} description={t('insights.scores.intro')} />
      <InsightsTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg" data-testid="score-distributions">
          {SCORE_KINDS.map((kind) => (
            <Histogram key={kind} kind={kind} d={byKind.get(kind)} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

function Histogram({ kind, d }: { kind: string; d: Distribution | undefined }) {
  const { t } = useTranslation();
  const fmt = useInsightsFormat();
  const buckets = d?.buckets ?? [];
  const label = (v: number) => (isAmount(kind) ? fmt.whole(v) : fmt.percent(Math.round(v * 100) / 100));
  const labels = buckets.map((b) => `${label(b.from)}–${label(b.to)}`).join('|');
  const counts = buckets.map((b) => b.count).join('|');
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        name: '',
        data: labels.split('|'),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1, name: '' },
      series: [
        {
          type: 'bar',
          name: t('insights.scores.people'),
          data: counts.split('|').map(Number),
          barCategoryGap: '8%',
          color: kind === 'churn' ? '#e8590c' : kind === 'payment-risk' ? '#c92a2a' : '#1c7ed6',
        },
      ],
    }),
    [labels, counts, kind, t],
  );
  return (
    <Card withBorder padding="lg" data-testid={`distribution-${kind}`} data-count={d?.count ?? 0}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={5}>{fmt.kind(kind)}</Title>
          <Text size="sm" c="dimmed" data-testid={`distribution-${kind}-count`}>
            {t('insights.scores.scored', { n: d?.count ?? 0 })}
          </Text>
        </Group>
        {!d || d.count === 0 ? (
          <Empty
            testId={`distribution-${kind}-empty`}
            title={t('insights.scores.empty')}
            description={t('insights.scores.emptyText')}
          />
        ) : (
          <EChart option={option} height={240} testId={`distribution-${kind}-chart`} />
        )}
      </Stack>
    </Card>
  );
}
