import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { useFormat } from '../../../../format.ts';
import { actorName, type RuleJson, segmentKey } from './api.ts';

/** A segment's rule versions, newest first, with who made each and when; one can be loaded into the editor. */
export function SegmentVersions({
  id,
  current,
  onLoad,
}: {
  id: string;
  current: number;
  onLoad?: (rule: RuleJson) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: [...segmentKey(id), 'versions'],
    queryFn: () => get<ResponseOf<'listSegmentVersions'>>(`/segments/${id}/versions`),
  });
  const rows = q.data?.data ?? [];
  return (
    <Card withBorder padding="md" data-testid="segment-versions">
      <Stack gap="sm">
        <Title order={5}>{t('segmentation.versions.title')}</Title>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {q.isPending ? t('common.loading') : t('segmentation.versions.empty')}
          </Text>
        ) : (
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('segmentation.versions.version')}</Table.Th>
                <Table.Th>{t('segmentation.versions.who')}</Table.Th>
                {onLoad && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((v) => {
                const who = actorName(v.actor);
                return (
                  <Table.Tr key={v.version} data-testid={`segment-version-${v.version}`}>
                    <Table.Td>
                      <Text size="sm" fw={v.version === current ? 600 : undefined}>
                        {v.version}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate="end" title={v.actor ?? undefined} maw={160}>
                        {who ? (who.apiKey ? t('segmentation.versions.apiKey', { name: who.name }) : who.name) : '—'}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {f.dateTime(v.createdAt)}
                      </Text>
                    </Table.Td>
                    {onLoad && (
                      <Table.Td>
                        {v.version !== current && (
                          <Button size="compact-xs" variant="subtle" onClick={() => onLoad(v.rule)}>
                            {t('segmentation.versions.load')}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
