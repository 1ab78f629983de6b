import { Anchor, Badge, Card, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateField } from '../../../../components/DateFields.tsx';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { type Mention, type MentionFilter, SENTIMENTS, SOURCE_KINDS, useMentions, useSources } from '../api.ts';
import { MentionsTabs } from './MentionsTabs.tsx';
import { SentimentBadge } from './SentimentBadge.tsx';

/** The mentions feed: filters (sentiment, source, topic, author, dates, opinion leaders), newest first. */
export function MentionsPage() {
  const { t } = useTranslation();
  const [sentiment, setSentiment] = useState<string | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [topic, setTopic] = useState('');
  const [author, setAuthor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kol, setKol] = useState(false);
  const sources = useSources();
  const filter: MentionFilter = {
    ...(sentiment ? { sentiment } : {}),
    ...(source ? { source } : {}),
    ...(topic.trim() ? { topic: topic.trim() } : {}),
    ...(author.trim() ? { author: author.trim() } : {}),
    ...(from ? { from: `${from}T00:00:00Z` } : {}),
    ...(to ? { to: `${to}T23:59:59Z` } : {}),
    ...(kol ? { kol: 'true' as const } : {}),
  };
  const q = useMentions(filter);
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <PageHeader title={t('mentions.title')} description={t('mentions.description')} />
      <MentionsTabs />
      <Card withBorder mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <Select
            label={t('mentions.filters.sentiment')}
            data={SENTIMENTS.map((s) => ({ value: s, label: t(`mentions.sentiment.${s}`) }))}
            value={sentiment}
            onChange={setSentiment}
            clearable
            data-testid="mentions-filter-sentiment"
          />
          <Select
            label={t('mentions.filters.source')}
            data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={source}
            onChange={setSource}
            clearable
            searchable
          />
          <TextInput
            label={t('mentions.filters.topic')}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
          />
          <TextInput
            label={t('mentions.filters.author')}
            value={author}
            onChange={(e) => setAuthor(e.currentTarget.value)}
          />
          <DateField label={t('mentions.filters.from')} value={from} onChange={setFrom} clearable />
          <DateField label={t('mentions.filters.to')} value={to} onChange={setTo} clearable />
          <Checkbox
            mt={{ md: 'xl' }}
            label={t('mentions.filters.kol')}
            checked={kol}
            onChange={(e) => setKol(e.currentTarget.checked)}
          />
        </SimpleGrid>
      </Card>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="mentions-empty"
          title={filtered ? t('mentions.emptyFiltered') : t('mentions.empty')}
          description={filtered ? undefined : t('mentions.emptyHint')}
        />
      ) : (
        <Stack gap="sm" data-testid="mentions-list">
          {rows.map((m) => (
            <MentionCard key={m.id} m={m} />
          ))}
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Stack>
      )}
    </>
  );
}

function MentionCard({ m }: { m: Mention }) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = m.author;
  return (
    <Card withBorder padding="md" data-testid="mention-row">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} size="sm" data-user-content>
              {a?.name ?? m.authorName ?? t('mentions.anonymous')}
            </Text>
            {a && (
              <Text size="xs" c="dimmed" data-user-content>
                {a.network} · {a.handle}
                {a.followers !== null ? ` · ${t('mentions.followers', { count: a.followers })}` : ''}
              </Text>
            )}
            {a?.kol && (
              <Badge color="grape" variant="light" size="sm" data-testid="mention-kol">
                {t('mentions.kol')}
              </Badge>
            )}
            {m.personId && (
              <Anchor component={Link} to={`/people/${m.personId}`} size="xs">
                {t('mentions.profile')}
              </Anchor>
            )}
          </Group>
          {m.title && (
            <Text size="sm" fw={500} data-user-content>
              {m.title}
            </Text>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-line' }} lineClamp={6} data-user-content>
            {m.text}
          </Text>
          <Group gap={6} wrap="wrap">
            {(SOURCE_KINDS as readonly string[]).includes(m.source) ? (
              <Badge variant="outline" size="sm">
                {t(`mentions.kinds.${m.source as (typeof SOURCE_KINDS)[number]}`)}
              </Badge>
            ) : (
              <Badge variant="outline" size="sm" data-user-content>
                {m.source}
              </Badge>
            )}
            {/* Topic keys are the workspace's own (its topic rules), shown as they are. */}
            {m.analysis.topics.map((x) => (
              <Badge key={x} variant="dot" size="sm" data-user-content>
                {x}
              </Badge>
            ))}
            {m.analysis.complaint && (
              <Badge color="orange" variant="light" size="sm">
                {t('mentions.complaint')}
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {f.dateTime(m.publishedAt)} · {m.analysis.language}
            </Text>
            {m.url && (
              <Anchor href={m.url} target="_blank" rel="noopener noreferrer nofollow" size="xs">
                {t('mentions.open')}
              </Anchor>
            )}
          </Group>
        </Stack>
        <SentimentBadge label={m.analysis.sentiment.label} score={m.analysis.sentiment.score} />
      </Group>
    </Card>
  );
}
