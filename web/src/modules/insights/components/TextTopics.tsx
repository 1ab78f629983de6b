import { ActionIcon, Button, Card, Group, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, patch, post } from '../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useSession } from '../../../session.tsx';

interface Rule {
  id: string;
  key: string;
  name: string;
  keywords: string[];
  enabled: boolean;
}
interface BuiltIn {
  key: string;
  name: { ru: string; en: string };
  keywords: string[];
}

const TOPICS_KEY = ['text', 'topics'];

const splitKeywords = (s: string) =>
  s
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

/** The workspace's topic rules (add, turn on/off, remove) and the built-in topics they refine. */
export function Topics() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const q = useQuery({
    queryKey: TOPICS_KEY,
    queryFn: () => get<{ data: Rule[]; builtIn: BuiltIn[] }>('/text/topics'),
  });
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [keywords, setKeywords] = useState('');
  const add = useApiMutation({
    mutationFn: () => post('/text/topics', { key: key.trim(), name: name.trim(), keywords: splitKeywords(keywords) }),
    success: t('textAnalysis.topics.added'),
    invalidate: [TOPICS_KEY],
    onSuccess: () => {
      setKey('');
      setName('');
      setKeywords('');
    },
  });
  const toggle = useApiMutation({
    mutationFn: (r: Rule) => patch(`/text/topics/${r.id}`, { enabled: !r.enabled }),
    success: t('textAnalysis.topics.saved'),
    invalidate: [TOPICS_KEY],
  });
  const remove = useApiMutation({
    mutationFn: (id: string) => del(`/text/topics/${id}`),
    success: t('textAnalysis.topics.removed'),
    invalidate: [TOPICS_KEY],
  });
  const lang = i18n.language.startsWith('ru') ? 'ru' : 'en';
  return (
    <Card withBorder>
      <Title order={4}>{t('textAnalysis.topics.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('textAnalysis.topics.hint')}
      </Text>
      {can('insights:write') && (
        <Group align="flex-end" mb="sm">
          <TextInput
            label={t('textAnalysis.topics.key')}
            value={key}
            maxLength={50}
            onChange={(e) => setKey(e.currentTarget.value.toLowerCase())}
            w={160}
            data-testid="topic-key"
          />
          <TextInput
            label={t('textAnalysis.topics.name')}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label={t('textAnalysis.topics.keywords')}
            value={keywords}
            onChange={(e) => setKeywords(e.currentTarget.value)}
            style={{ flex: 1 }}
            data-testid="topic-keywords"
          />
          <Button
            disabled={!key.trim() || !name.trim()}
            loading={add.isPending}
            onClick={() => add.mutate()}
            data-testid="topic-add"
          >
            {t('textAnalysis.topics.add')}
          </Button>
        </Group>
      )}
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          {q.data.data.length === 0 ? (
            <Empty testId="topics-empty" title={t('textAnalysis.topics.empty')} />
          ) : (
            <Table data-testid="topics-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('textAnalysis.topics.key')}</Table.Th>
                  <Table.Th>{t('textAnalysis.topics.name')}</Table.Th>
                  <Table.Th>{t('textAnalysis.topics.keywords')}</Table.Th>
                  <Table.Th>{t('textAnalysis.topics.enabled')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.data.map((r) => (
                  <Table.Tr key={r.id} data-testid="topic-row">
                    <Table.Td className="kt-mono">{r.key}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2} maw={420}>
                        {r.keywords.join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch checked={r.enabled} disabled={!can('insights:write')} onChange={() => toggle.mutate(r)} />
                    </Table.Td>
                    <Table.Td>
                      {can('insights:write') && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('textAnalysis.topics.delete')}
                          onClick={() => remove.mutate(r.id)}
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
          <Text size="sm" fw={500} mt="md">
            {t('textAnalysis.topics.builtIn')}
          </Text>
          <Table>
            <Table.Tbody>
              {q.data.builtIn.map((b) => (
                <Table.Tr key={b.key}>
                  <Table.Td className="kt-mono">{b.key}</Table.Td>
                  <Table.Td>{b.name[lang]}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2} maw={520}>
                      {b.keywords.join(', ')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Card>
  );
}
