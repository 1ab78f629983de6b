import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../../api.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useSession } from '../../../session.tsx';
import { Discover } from '../components/TextDiscover.tsx';
import { Topics } from '../components/TextTopics.tsx';

interface Analysis {
  language: string;
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number };
  topics: string[];
  complaint: boolean;
  complaintReasons: string[];
  matches: { term: string; score: number }[];
  note?: 'no-words';
}
interface Entry {
  id: string;
  term: string;
  score: number;
  complaint: boolean;
}
const LEXICON_KEY = ['text', 'lexicon'];
const COLORS = { negative: 'red', neutral: 'gray', positive: 'green' } as const;

/** /settings/text-analysis — the workspace's words and topics over the built-in ones, and a "try it" box. */
export function TextAnalysisPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.settings.textAnalysis')} description={t('textAnalysis.intro')} />
      <Stack gap="lg">
        <TryIt />
        <Discover />
        <Lexicon />
        <Topics />
      </Stack>
    </>
  );
}

function TryIt() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const run = useApiMutation({ mutationFn: () => post<Analysis>('/text/analyze', { text }) });
  const a = run.data;
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('textAnalysis.tryIt.title')}
      </Title>
      <Textarea
        autosize
        minRows={3}
        maxLength={20000}
        value={text}
        placeholder={t('textAnalysis.tryIt.placeholder')}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="text-try-input"
      />
      <Group mt="sm">
        <Button disabled={!text.trim()} loading={run.isPending} onClick={() => run.mutate()} data-testid="text-try-run">
          {t('textAnalysis.tryIt.analyze')}
        </Button>
      </Group>
      {a && (
        <Stack gap={6} mt="md" data-testid="text-try-result">
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('textAnalysis.tryIt.sentiment')}:
            </Text>
            <Badge color={COLORS[a.sentiment.label]} data-testid="text-try-label">
              {t(`textAnalysis.labels.${a.sentiment.label}`)}
            </Badge>
            <Text size="sm">
              {t('textAnalysis.tryIt.score')}: {a.sentiment.score.toFixed(2)}
            </Text>
            <Text size="sm">
              {t('textAnalysis.tryIt.language')}: <b>{a.language}</b>
            </Text>
            <Text size="sm">
              {t('textAnalysis.tryIt.complaint')}:{' '}
              <b>
                {a.complaint ? `${t('textAnalysis.yes')} (${a.complaintReasons.join(', ')})` : t('textAnalysis.no')}
              </b>
            </Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('textAnalysis.tryIt.topics')}:
            </Text>
            {a.topics.length ? (
              a.topics.map((k) => (
                <Badge key={k} variant="light">
                  {k}
                </Badge>
              ))
            ) : (
              <Text size="sm">{t('textAnalysis.tryIt.noTopics')}</Text>
            )}
          </Group>
          {a.note === 'no-words' && <Text size="sm">{t('textAnalysis.tryIt.noWords')}</Text>}
          <Text size="sm" c="dimmed">
            {t('textAnalysis.tryIt.matches')}:{' '}
            {a.matches.length
              ? a.matches.map((m) => `${m.term} ${m.score > 0 ? '+' : ''}${m.score}`).join(' · ')
              : t('textAnalysis.tryIt.noMatches')}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

function Lexicon() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [term, setTerm] = useState('');
  const [score, setScore] = useState<number | string>(-2);
  const [complaint, setComplaint] = useState(false);
  const list = useInfiniteQuery({
    queryKey: [...LEXICON_KEY, q],
    queryFn: ({ pageParam }) =>
      get<{ data: Entry[]; nextCursor: string | null }>('/text/lexicon', {
        limit: 50,
        ...(q.trim() ? { q: q.trim() } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const add = useApiMutation({
    mutationFn: () => post('/text/lexicon', { term: term.trim(), score: Number(score), complaint }),
    success: t('textAnalysis.lexicon.added'),
    invalidate: [LEXICON_KEY],
    onSuccess: () => {
      setTerm('');
      setComplaint(false);
    },
  });
  const remove = useApiMutation({
    mutationFn: (id: string) => del(`/text/lexicon/${id}`),
    success: t('textAnalysis.lexicon.removed'),
    invalidate: [LEXICON_KEY],
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card withBorder>
      <Title order={4}>{t('textAnalysis.lexicon.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('textAnalysis.lexicon.hint')}
      </Text>
      {can('insights:write') && (
        <Group align="flex-end" mb="sm">
          <TextInput
            label={t('textAnalysis.lexicon.term')}
            value={term}
            maxLength={100}
            onChange={(e) => setTerm(e.currentTarget.value)}
            data-testid="lexicon-term"
          />
          <NumberInput
            label={t('textAnalysis.lexicon.score')}
            value={score}
            onChange={setScore}
            min={-5}
            max={5}
            step={0.5}
            w={110}
          />
          <Checkbox
            label={t('textAnalysis.lexicon.complaint')}
            checked={complaint}
            onChange={(e) => setComplaint(e.currentTarget.checked)}
            mb={8}
          />
          <Button
            disabled={!term.trim()}
            loading={add.isPending}
            onClick={() => add.mutate()}
            data-testid="lexicon-add"
          >
            {t('textAnalysis.lexicon.add')}
          </Button>
        </Group>
      )}
      <TextInput
        placeholder={t('textAnalysis.lexicon.search')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={300}
        mb="sm"
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty testId="lexicon-empty" title={t('textAnalysis.lexicon.empty')} />
      ) : (
        <Table data-testid="lexicon-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('textAnalysis.lexicon.term')}</Table.Th>
              <Table.Th>{t('textAnalysis.lexicon.score')}</Table.Th>
              <Table.Th>{t('textAnalysis.lexicon.complaint')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id} data-testid="lexicon-row">
                <Table.Td>{e.term}</Table.Td>
                <Table.Td>{e.score}</Table.Td>
                <Table.Td>{e.complaint ? t('textAnalysis.yes') : ''}</Table.Td>
                <Table.Td>
                  {can('insights:write') && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('textAnalysis.lexicon.delete')}
                      onClick={() => remove.mutate(e.id)}
                    >
                      ×
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="subtle" mt="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('textAnalysis.lexicon.more')}
        </Button>
      )}
    </Card>
  );
}
