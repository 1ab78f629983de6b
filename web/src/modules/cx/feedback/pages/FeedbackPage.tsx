import { Anchor, Badge, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { SENTIMENTS } from '../../mentions/api.ts';
import { SentimentBadge } from '../../mentions/pages/SentimentBadge.tsx';
import { FEEDBACK_SOURCES, type FeedbackFilter, type FeedbackItem, useFeedback } from '../api.ts';

const SOURCE_COLORS = { ticket: 'blue', survey: 'teal', mention: 'grape' } as const;

/** Verbatims with sentiment (issue 19): tickets, survey comments and mentions in one feed, newest first. */
export function FeedbackPage() {
  const { t } = useTranslation();
  const [source, setSource] = useState<string | null>(null);
  const [sentiment, setSentiment] = useState<string | null>(null);
  const [topic, setTopic] = useState('');
  const filter: FeedbackFilter = {
    ...(source ? { source } : {}),
    ...(sentiment ? { sentiment } : {}),
    ...(topic.trim() ? { topic: topic.trim() } : {}),
  };
  const q = useFeedback(filter);
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <PageHeader title={t('feedback.title')} description={t('feedback.description')} />
      <Card withBorder mb="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('feedback.filters.source')}
            data={FEEDBACK_SOURCES.map((s) => ({ value: s, label: t(`feedback.sources.${s}`) }))}
            value={source}
            onChange={setSource}
            clearable
            data-testid="feedback-filter-source"
          />
          <Select
            label={t('feedback.filters.sentiment')}
            data={SENTIMENTS.map((s) => ({ value: s, label: t(`mentions.sentiment.${s}`) }))}
            value={sentiment}
            onChange={setSentiment}
            clearable
            data-testid="feedback-filter-sentiment"
          />
          <TextInput
            label={t('feedback.filters.topic')}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
          />
        </SimpleGrid>
      </Card>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="feedback-empty"
          title={filtered ? t('feedback.emptyFiltered') : t('feedback.empty')}
          description={filtered ? undefined : t('feedback.emptyHint')}
        />
      ) : (
        <Stack gap="sm" data-testid="feedback-list">
          {rows.map((x) => (
            <FeedbackCard key={`${x.source}:${x.id}`} x={x} />
          ))}
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Stack>
      )}
    </>
  );
}

function FeedbackCard({ x }: { x: FeedbackItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card withBorder padding="md" data-testid="feedback-row">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" style={{ whiteSpace: 'pre-line' }} lineClamp={6} data-user-content>
            {x.excerpt}
          </Text>
          <Group gap={6} wrap="wrap">
            <Badge color={SOURCE_COLORS[x.source]} variant="outline" size="sm">
              {t(`feedback.sources.${x.source}`)}
            </Badge>
            {/* Topic keys are the workspace's own (its topic rules), shown as they are. */}
            {x.topics.map((topic) => (
              <Badge key={topic} variant="dot" size="sm" data-user-content>
                {topic}
              </Badge>
            ))}
            {x.complaint && (
              <Badge color="orange" variant="light" size="sm">
                {t('feedback.complaint')}
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {f.dateTime(x.at)} · {x.language}
            </Text>
            <Anchor component={Link} to={x.link.path} size="xs">
              {t('feedback.open')}
            </Anchor>
            {x.personId && (
              <Anchor component={Link} to={`/people/${x.personId}`} size="xs">
                {t('feedback.profile')}
              </Anchor>
            )}
          </Group>
        </Stack>
        <SentimentBadge label={x.sentiment.label} score={x.sentiment.score} />
      </Group>
    </Card>
  );
}
