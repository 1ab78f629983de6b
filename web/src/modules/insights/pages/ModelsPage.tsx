import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { MODEL_KINDS, type ModelKind, type ModelView, runningJob, useModels } from '../api.ts';
import { InsightsTabs } from '../components/InsightsTabs.tsx';
import { MetricsTable } from '../components/MetricsTable.tsx';
import { ModelNotice } from '../components/ModelNotice.tsx';
import { ModelStatusBadge } from '../components/ModelStatusBadge.tsx';
import { TrainControl } from '../components/TrainControl.tsx';

/** /insights: the five models, each with its state, last training, quality against its baseline and "train now". */
export function ModelsPage() {
  const { t } = useTranslation();
  const q = useModels();
  const byKind = new Map((q.data ?? []).map((m) => [m.kind, m]));
  return (
    <>
      <PageHeader title={t('nav.insights')} description={t('insights.models.intro')} />
      <InsightsTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" data-testid="models-list">
          {MODEL_KINDS.map((kind) => (
            <ModelCard key={kind} kind={kind} model={byKind.get(kind)} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

function ModelCard({ kind, model }: { kind: ModelKind; model: ModelView | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const status = model?.status ?? null;
  const running = runningJob(model);
  return (
    <Card withBorder padding="lg" data-testid={`model-${kind}`} data-status={status ?? 'untrained'}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={4}>
              <Anchor component={Link} to={`/insights/models/${kind}`} inherit data-testid={`model-${kind}-open`}>
                {t(`insights.kinds.${kind}`)}
              </Anchor>
            </Title>
            <Text size="sm" c="dimmed">
              {t(`insights.kindHints.${kind}`)}
            </Text>
          </Stack>
          <ModelStatusBadge status={status} testId={`model-${kind}-status`} />
        </Group>
        <Text size="sm" data-testid={`model-${kind}-trained`}>
          <Text span c="dimmed" size="sm">
            {t('insights.models.lastTrained')}:{' '}
          </Text>
          {model?.trainedAt ? f.dateTime(model.trainedAt) : t('insights.models.never')}
          {model?.version != null && (
            <Text span c="dimmed" size="sm">
              {' · '}
              {t('insights.models.version', { version: model.version })}
            </Text>
          )}
        </Text>
        {model && <ModelNotice model={model} kind={kind} />}
        <MetricsTable metrics={model?.metrics} baseline={model?.baseline} testId={`model-${kind}-metrics`} compact />
        <Group justify="space-between" align="flex-end">
          <TrainControl kind={kind} runningJobId={running} trained={model?.version != null} />
          <Anchor component={Link} to={`/insights/models/${kind}`} size="sm">
            {t('insights.models.open')}
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}
