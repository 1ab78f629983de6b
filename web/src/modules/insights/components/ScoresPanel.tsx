import { Badge, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { type Score, SCORE_KINDS, type ScoreKind, usePersonScores } from '../api.ts';
import { useInsightsFormat } from './labels.ts';

/**
 * The person card's scores (GET /people/{id}/scores): churn, the LTV forecast and payment risk, each
 * with the factors that drove it; a kind the person has no score of says "unknown" (never a guess).
 * A payment risk at or above the workspace's threshold marks a problem client.
 */
export function ScoresPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const q = usePersonScores(personId);
  const scores = new Map((q.data?.data ?? []).map((s) => [s.kind, s]));
  // The server says it: paymentRisk at or above its setting paymentRiskThreshold.
  const problem = q.data?.problemClient === true;
  return (
    <Card withBorder padding="lg" data-testid="person-scores" data-problem={problem ? 'true' : 'false'}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('insights.panel.title')}</Title>
        {problem && (
          <Tooltip label={t('insights.panel.problemHint')} multiline maw={280} withArrow>
            <Badge color="red" variant="filled" data-testid="person-problem-client">
              {t('insights.panel.problemClient')}
            </Badge>
          </Tooltip>
        )}
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            {SCORE_KINDS.map((kind) => (
              <ScoreTile key={kind} kind={kind} score={scores.get(kind)} />
            ))}
          </SimpleGrid>
          {q.data?.customerType && (
            <Group gap={6} wrap="nowrap" data-testid="person-customer-type" data-type={q.data.customerType}>
              <Text size="sm" c="dimmed">
                {t('insights.customerTypes.panelLabel')}:
              </Text>
              <Tooltip
                label={t(`insights.customerTypes.descriptions.${q.data.customerType}`, { defaultValue: '' })}
                multiline
                maw={320}
                withArrow
              >
                <Badge variant="light">
                  {t(`insights.customerTypes.names.${q.data.customerType}`, { defaultValue: q.data.customerType })}
                </Badge>
              </Tooltip>
            </Group>
          )}
        </Stack>
      )}
    </Card>
  );
}

function ScoreTile({ kind, score }: { kind: ScoreKind; score: Score | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fmt = useInsightsFormat();
  return (
    <Stack
      gap={6}
      data-testid={`person-score-${kind}`}
      data-score={score?.score ?? ''}
      data-known={score ? 'true' : 'false'}
    >
      <Text size="xs" c="dimmed">
        {fmt.kind(kind)}
      </Text>
      {score ? (
        <>
          <Text
            size="xl"
            fw={700}
            title={t('insights.panel.scoredAt', { at: f.dateTime(score.scoredAt), version: score.modelVersion })}
          >
            {fmt.score(kind, score.score)}
          </Text>
          {score.factors.length > 0 && (
            <Stack gap={2} data-testid={`person-score-${kind}-factors`}>
              <Text size="xs" fw={600}>
                {t('insights.panel.factors')}
              </Text>
              {score.factors.slice(0, 3).map((x) => {
                // Up is bad for churn and payment risk, good for the value forecast.
                const bad = kind === 'ltv' ? x.contribution < 0 : x.contribution > 0;
                return (
                  <Group
                    key={x.feature}
                    gap={6}
                    wrap="nowrap"
                    data-testid="person-score-factor"
                    data-feature={x.feature}
                  >
                    <Text size="xs" c={bad ? 'red' : 'teal'} fw={700} aria-hidden="true">
                      {x.contribution > 0 ? '▲' : '▼'}
                    </Text>
                    <Text
                      size="xs"
                      truncate="end"
                      title={`${fmt.feature(x.feature)}: ${fmt.featureValue(x.feature, x.value)} (${t(x.contribution > 0 ? 'insights.panel.raises' : 'insights.panel.lowers')})`}
                      style={{ minWidth: 0 }}
                    >
                      {fmt.feature(x.feature)}: {fmt.featureValue(x.feature, x.value)}
                    </Text>
                  </Group>
                );
              })}
            </Stack>
          )}
        </>
      ) : (
        <Tooltip label={t('insights.panel.unknownHint')} multiline maw={260} withArrow>
          <Text size="xl" fw={700} c="dimmed" data-testid={`person-score-${kind}-unknown`}>
            {t('insights.panel.unknown')}
          </Text>
        </Tooltip>
      )}
    </Stack>
  );
}
