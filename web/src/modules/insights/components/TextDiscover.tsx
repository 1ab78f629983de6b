import { Badge, Button, Card, Group, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';

interface Clusters {
  clusters: {
    id: number;
    size: number;
    terms: string[];
    examples: number[];
    negativeShare: number;
    topics: string[];
  }[];
  assignments: number[];
}

/** Topic discovery: paste texts, one a line; the groups they fall into, with their words and examples. */
export function Discover() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 1000);
  const run = useApiMutation({
    mutationFn: (texts: string[]) =>
      post<Clusters & { texts: string[] }>('/text/clusters', { texts }).then((r) => ({ ...r, texts })),
  });
  const r = run.data;
  return (
    <Card withBorder>
      <Title order={4}>{t('textAnalysis.discover.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('textAnalysis.discover.hint')}
      </Text>
      <Textarea
        autosize
        minRows={4}
        maxRows={12}
        value={text}
        placeholder={t('textAnalysis.discover.placeholder')}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="text-discover-input"
      />
      <Group mt="sm">
        <Button
          disabled={lines.length < 2}
          loading={run.isPending}
          onClick={() => run.mutate(lines)}
          data-testid="text-discover-run"
        >
          {t('textAnalysis.discover.run', { count: lines.length })}
        </Button>
      </Group>
      {r &&
        (r.clusters.length === 0 ? (
          <Text size="sm" mt="md">
            {t('textAnalysis.discover.none')}
          </Text>
        ) : (
          <Table mt="md" data-testid="text-discover-result">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('textAnalysis.discover.terms')}</Table.Th>
                <Table.Th>{t('textAnalysis.discover.size')}</Table.Th>
                <Table.Th>{t('textAnalysis.discover.negative')}</Table.Th>
                <Table.Th>{t('textAnalysis.discover.example')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.clusters.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {c.terms.join(', ')}
                    </Text>
                    {c.topics.map((k) => (
                      <Badge key={k} variant="light" mr={4}>
                        {k}
                      </Badge>
                    ))}
                  </Table.Td>
                  <Table.Td>{c.size}</Table.Td>
                  <Table.Td>{Math.round(c.negativeShare * 100)}%</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2} maw={420}>
                      {r.texts[c.examples[0]]}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </Card>
  );
}
