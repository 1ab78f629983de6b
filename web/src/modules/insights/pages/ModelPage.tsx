import { Anchor, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IconArrowLeft } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { NotFoundPage } from '../../../pages/NotFoundPage.tsx';
import {
  type CustomerTypeCluster,
  MODEL_KINDS,
  type ModelKind,
  type ModelVersion,
  runningJob,
  useModel,
} from '../api.ts';
import { CustomerTypesTable } from '../components/CustomerTypesTable.tsx';
import { FeatureImportanceChart } from '../components/FeatureImportanceChart.tsx';
import { InsightsTabs } from '../components/InsightsTabs.tsx';
import { useInsightsFormat } from '../components/labels.ts';
import { MetricsTable } from '../components/MetricsTable.tsx';
import { ModelNotice } from '../components/ModelNotice.tsx';
import { ModelStatusBadge } from '../components/ModelStatusBadge.tsx';
import { TrainControl } from '../components/TrainControl.tsx';

/**
 * /insights/models/:kind — one model: its state and last training, its metrics against the baseline,
 * what it relies on (feature weights), every version trained, and "train now" with the job's progress.
 */
export function ModelPage() {
  const { kind } = useParams();
  if (!MODEL_KINDS.includes(kind as ModelKind)) return <NotFoundPage />;
  return <Model kind={kind as ModelKind} />;
}

function Model({ kind }: { kind: ModelKind }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useModel(kind);
  const m = q.data;
  const running = runningJob(m);
  return (
    <Stack gap={0} data-testid="model-page" data-kind={kind} data-status={m?.status ?? ''}>
      <Anchor component={Link} to="/insights" size="sm" mb="xs">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('insights.models.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={t(`insights.kinds.${kind}`)}
        description={t(`insights.kindHints.${kind}`)}
        actions={m && <ModelStatusBadge status={m.status} testId="model-status" />}
      />
      <InsightsTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        m && (
          <Stack gap="lg">
            <Card withBorder padding="lg">
              <Group justify="space-between" align="flex-start">
                <Stack gap={4}>
                  <Text size="sm" data-testid="model-trained">
                    <Text span c="dimmed" size="sm">
                      {t('insights.models.lastTrained')}:{' '}
                    </Text>
                    {m.trainedAt ? f.dateTime(m.trainedAt) : t('insights.models.never')}
                    {m.version != null && (
                      <Text span c="dimmed" size="sm">
                        {' · '}
                        {t('insights.models.version', { version: m.version })}
                      </Text>
                    )}
                  </Text>
                  <ModelNotice model={m} kind={kind} />
                </Stack>
                <TrainControl kind={kind} runningJobId={running} trained={m.version != null} />
              </Group>
            </Card>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Card withBorder padding="lg" h="100%">
                  <Title order={5} mb="sm">
                    {t('insights.models.metrics')}
                  </Title>
                  <MetricsTable metrics={m.metrics} baseline={m.baseline} testId="model-metrics" />
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Card withBorder padding="lg" h="100%">
                  <Title order={5}>{t('insights.models.featureImportance')}</Title>
                  <Text size="sm" c="dimmed" mb="sm">
                    {t('insights.models.featureImportanceHint')}
                  </Text>
                  <FeatureImportanceChart features={m.featureImportance ?? []} testId="model-importance" />
                </Card>
              </Grid.Col>
            </Grid>
            {kind === 'customer-types' && (
              <Card withBorder padding="lg">
                <Title order={5}>{t('insights.customerTypes.title')}</Title>
                <Text size="sm" c="dimmed" mb="sm">
                  {t('insights.customerTypes.hint')}
                </Text>
                <CustomerTypesTable
                  clusters={Array.isArray(m.metrics?.clusters) ? (m.metrics.clusters as CustomerTypeCluster[]) : []}
                />
              </Card>
            )}
            <Card withBorder padding="lg">
              <Title order={5} mb="sm">
                {t('insights.models.history')}
              </Title>
              <History versions={m.history} current={m.version} />
            </Card>
          </Stack>
        )
      )}
    </Stack>
  );
}

/** The first quality metric a version has (AUC, lift, precision…), to compare versions at a glance. */
const HEADLINE = [
  'auc',
  'topDecileLift',
  'precision',
  'recall',
  'precisionAt10',
  'recallAt10',
  'mae',
  'rmse',
  'logLoss',
];

function History({ versions, current }: { versions: ModelVersion[]; current: number | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fmt = useInsightsFormat();
  if (versions.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="model-history-empty">
        {t('insights.models.historyEmpty')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} data-testid="model-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('insights.models.versionColumn')}</Table.Th>
            <Table.Th>{t('insights.models.status')}</Table.Th>
            <Table.Th>{t('insights.models.when')}</Table.Th>
            <Table.Th>{t('insights.models.summary')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => {
            const metrics = v.metrics ?? {};
            const keys = HEADLINE.filter((k) => typeof metrics[k] === 'number').slice(0, 2);
            const reason = v.error;
            return (
              <Table.Tr key={v.version} data-testid="model-history-row" data-version={v.version} data-status={v.status}>
                <Table.Td>
                  <Text size="sm" fw={v.version === current ? 600 : undefined}>
                    {t('insights.models.version', { version: v.version })}
                    {v.version === current && v.status === 'ready' && (
                      <Text span size="xs" c="teal">
                        {' · '}
                        {t('insights.models.current')}
                      </Text>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ModelStatusBadge status={v.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v.trainedAt ? f.dateTime(v.trainedAt) : '—'}</Text>
                </Table.Td>
                <Table.Td maw={360}>
                  {keys.length > 0 ? (
                    <Text size="sm">
                      {keys
                        .map((k) => {
                          const b = v.baseline?.[k];
                          return `${fmt.metric(k)}: ${fmt.metricValue(k, metrics[k])}${
                            typeof b === 'number'
                              ? ` (${t('insights.models.baseline').toLowerCase()} ${fmt.metricValue(k, b)})`
                              : ''
                          }`;
                        })
                        .join(' · ')}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed" truncate="end" title={reason ?? undefined}>
                      {reason ?? '—'}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
