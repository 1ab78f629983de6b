import { ActionIcon, Anchor, Card, Skeleton, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { personLabel, segmentKey, usePeople } from './api.ts';

export const membersKey = (id: string) => [...segmentKey(id), 'members'] as const;

/** The current members, newest first, 25 a page; each with a name (the people API) and a link to the card. */
export function MembersTable({ id, onRemove }: { id: string; onRemove?: (personId: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useInfiniteQuery({
    queryKey: membersKey(id),
    queryFn: ({ pageParam }) =>
      get<ResponseOf<'listSegmentMembers'>>(`/segments/${id}/members`, { limit: 25, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const people = usePeople(rows.map((r) => r.personId));
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (rows.length === 0)
    return (
      <Empty
        testId="segment-members-empty"
        title={t('segmentation.members.empty')}
        description={t('segmentation.members.emptyText')}
      />
    );
  return (
    <>
      <Card withBorder padding={0}>
        <Table verticalSpacing="sm" data-testid="segment-members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('segmentation.members.person')}</Table.Th>
              <Table.Th>{t('segmentation.members.enteredAt')}</Table.Th>
              {onRemove && <Table.Th w={60} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m, i) => {
              const l = personLabel(people[i]?.data, m.personId);
              return (
                <Table.Tr key={m.personId} data-testid="segment-member" data-id={m.personId}>
                  <Table.Td maw={420}>
                    {people[i]?.isPending ? (
                      <Skeleton height={14} width={180} my={3} />
                    ) : (
                      <Anchor
                        component={Link}
                        to={`/people/${m.personId}`}
                        size="sm"
                        fw={500}
                        truncate="end"
                        title={l.name}
                      >
                        {l.name}
                      </Anchor>
                    )}
                    {l.sub && (
                      <Text size="xs" c="dimmed" truncate="end" title={l.sub}>
                        {l.sub}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{f.dateTime(m.enteredAt)}</Text>
                  </Table.Td>
                  {onRemove && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('segmentation.members.remove')}
                        onClick={() => onRemove(m.personId)}
                        data-testid="segment-member-remove"
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Card>
      <LoadMore
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </>
  );
}
