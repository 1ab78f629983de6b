import {
  Badge,
  Box,
  Card,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { type Survey, type SurveyResults, useSegmentOptions, useSurveyResponses, useSurveyResults } from '../api.ts';

const SENTIMENT_COLOR: Record<string, string> = { positive: 'teal', neutral: 'gray', negative: 'red' };
const CATEGORY_COLOR: Record<string, string> = { promoter: 'teal', passive: 'yellow', detractor: 'red' };

const fmt = (v: number | null | undefined, unit = '') => (v == null ? '—' : `${v}${unit}`);

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** The headline of the survey's type: NPS (−100..100), CSAT %, CES average. */
const headline = (r: SurveyResults) => (r.type === 'csat' ? fmt(r.score, '%') : fmt(r.score));

/** Bars of the headline per period: NPS is centred on 0, the others grow from 0. */
function OverTime({ r }: { r: SurveyResults }) {
  const { t } = useTranslation();
  if (!r.overTime.length) return <Text c="dimmed">{t('surveys.results.noData')}</Text>;
  const max = r.type === 'nps' ? 100 : r.type === 'csat' ? 100 : r.type === 'ces' ? 7 : 10;
  return (
    <Stack gap={6} data-testid="survey-over-time">
      {r.overTime.map((p) => {
        const v = p.score ?? 0;
        const width = `${Math.min(100, (Math.abs(v) / max) * (r.type === 'nps' ? 50 : 100))}%`;
        return (
          <Group key={p.period} gap="sm" wrap="nowrap">
            <Text size="sm" w={96}>
              {p.period}
            </Text>
            <Box style={{ flex: 1, position: 'relative', height: 18, background: 'var(--mantine-color-gray-1)' }}>
              <Box
                style={{
                  position: 'absolute',
                  top: 0,
                  bottom: 0,
                  width,
                  ...(r.type === 'nps' ? (v >= 0 ? { left: '50%' } : { right: '50%' }) : { left: 0 }),
                  background: v >= 0 ? 'var(--mantine-color-teal-5)' : 'var(--mantine-color-red-5)',
                }}
              />
            </Box>
            <Text size="sm" w={110} ta="right">
              {fmt(p.score)} · {t('surveys.results.n', { count: p.responses })}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

/** The results dashboard: the headline, over time, by segment, sentiment of the verbatims, the verbatims. */
export function SurveyResultsView({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [interval, setInterval] = useState('month');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [sentiment, setSentiment] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const segments = useSegmentOptions();
  const q = useSurveyResults(survey.id, { interval, segmentId });
  const v = useSurveyResponses(survey.id, { sentiment, category });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const verbatims = v.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <Group>
        <SegmentedControl
          value={interval}
          onChange={setInterval}
          data={[
            { value: 'week', label: t('surveys.results.week') },
            { value: 'month', label: t('surveys.results.month') },
          ]}
        />
        <Select
          placeholder={t('surveys.results.allSegments')}
          data={segments.data ?? []}
          value={segmentId}
          onChange={setSegmentId}
          clearable
          searchable
          w={260}
        />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label={t(`surveys.results.headline.${survey.type}`)} value={headline(r)} testId="survey-score" />
        <Stat label={t('surveys.results.responses')} value={String(r.responses)} testId="survey-responses" />
        <Stat label={t('surveys.results.responseRate')} value={fmt(r.responseRate, '%')} />
        <Stat label={t('surveys.results.delivered')} value={String(r.delivered)} />
      </SimpleGrid>
      {survey.type === 'nps' && (
        <SimpleGrid cols={3}>
          <Stat label={t('surveys.categories.promoter')} value={String(r.promoters)} />
          <Stat label={t('surveys.categories.passive')} value={String(r.passives)} />
          <Stat label={t('surveys.categories.detractor')} value={String(r.detractors)} />
        </SimpleGrid>
      )}
      <Card withBorder>
        <Title order={5} mb="sm">
          {t('surveys.results.overTime')}
        </Title>
        <OverTime r={r} />
      </Card>
      <Card withBorder>
        <Title order={5} mb="sm">
          {t('surveys.results.bySegment')}
        </Title>
        {r.bySegment.length === 0 ? (
          <Text c="dimmed">{t('surveys.results.noSegments')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.builder.segment')}</Table.Th>
                <Table.Th>{t(`surveys.results.headline.${survey.type}`)}</Table.Th>
                <Table.Th>{t('surveys.results.responses')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.bySegment.map((s) => (
                <Table.Tr key={s.segmentId}>
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{fmt(s.score)}</Table.Td>
                  <Table.Td>{s.responses}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={5}>{t('surveys.results.verbatims')}</Title>
          <Group gap="xs">
            {(['positive', 'neutral', 'negative'] as const).map((s) => (
              <Badge key={s} color={SENTIMENT_COLOR[s]} variant="light">
                {t(`surveys.sentiment.${s}`)}: {r.sentiment[s] ?? 0}
              </Badge>
            ))}
          </Group>
        </Group>
        <Group mb="sm">
          <Select
            placeholder={t('surveys.results.anySentiment')}
            data={(['positive', 'neutral', 'negative'] as const).map((s) => ({
              value: s,
              label: t(`surveys.sentiment.${s}`),
            }))}
            value={sentiment}
            onChange={setSentiment}
            clearable
            w={200}
          />
          {survey.type === 'nps' && (
            <Select
              placeholder={t('surveys.results.anyCategory')}
              data={(['promoter', 'passive', 'detractor'] as const).map((s) => ({
                value: s,
                label: t(`surveys.categories.${s}`),
              }))}
              value={category}
              onChange={setCategory}
              clearable
              w={200}
            />
          )}
        </Group>
        {verbatims.length === 0 && !v.isPending ? (
          <Empty title={t('surveys.results.noVerbatims')} />
        ) : (
          <Stack gap="xs" data-testid="survey-verbatims">
            {verbatims.map((x) => (
              <Paper key={x.id} withBorder p="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs">
                    <Badge variant="filled" color={x.category ? CATEGORY_COLOR[x.category] : 'blue'}>
                      {x.score ?? '—'}
                    </Badge>
                    <Text size="sm" component={Link} to={`/people/${x.personId}`} c="blue">
                      {x.person.name ?? x.person.email ?? x.personId.slice(0, 8)}
                    </Text>
                    {x.sentiment && (
                      <Badge color={SENTIMENT_COLOR[x.sentiment] ?? 'gray'} variant="light">
                        {t(`surveys.sentiment.${x.sentiment as 'neutral'}`)}
                      </Badge>
                    )}
                    {x.followUp && (
                      <Badge variant="outline" color="orange">
                        {t('surveys.results.followUp')}:{' '}
                        {t(`surveys.followUp.${(x.followUp.status ?? 'open') as 'open'}`)}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {f.dateTime(x.answeredAt)}
                  </Text>
                </Group>
                {x.comment && (
                  <Text size="sm" mt={4}>
                    {x.comment}
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
        )}
        <LoadMore hasMore={!!v.hasNextPage} loading={v.isFetchingNextPage} onLoad={() => void v.fetchNextPage()} />
      </Card>
    </Stack>
  );
}
