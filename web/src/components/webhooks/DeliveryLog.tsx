import { Badge, Card, Group, Loader, Select, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { DELIVERY_STATUSES, type Delivery, type Page } from '../../types.ts';
import { DeliveryStatusBadge } from '../Badges.tsx';
import { LoadMore } from '../LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../States.tsx';
import { DeliveryDrawer } from './DeliveryDrawer.tsx';
import { deliveryErrorText } from './deliveryError.ts';

const REFRESH_MS = 5000;

export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [status, setStatus] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: ['webhook-deliveries', webhookId, status],
    queryFn: ({ pageParam }) =>
      get<Page<Delivery>>(`/webhooks/${webhookId}/deliveries`, { status, cursor: pageParam, limit: 25 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="md">
        <Group gap="xs">
          <Title order={4}>{t('webhooks.deliveries')}</Title>
          {q.isFetching && !q.isPending && <Loader size="xs" />}
        </Group>
        <Select
          placeholder={t('webhooks.allStatuses')}
          data={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.statuses.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          w={200}
          aria-label={t('webhooks.statusFilter')}
          data-testid="delivery-status-filter"
        />
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('webhooks.autoRefresh', { seconds: REFRESH_MS / 1000 })}
      </Text>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          title={status ? t('webhooks.noDeliveriesFiltered') : t('webhooks.noDeliveries')}
          description={status ? undefined : t('webhooks.noDeliveriesText')}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="deliveries-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.createdAt')}</Table.Th>
                  <Table.Th>{t('webhooks.eventType')}</Table.Th>
                  <Table.Th>{t('webhooks.status')}</Table.Th>
                  <Table.Th ta="right">{t('webhooks.attempts')}</Table.Th>
                  <Table.Th>{t('webhooks.response')}</Table.Th>
                  <Table.Th>{t('webhooks.nextOrDone')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
                  <Table.Tr
                    key={d.id}
                    className="kt-clickable"
                    onClick={() => setOpenId(d.id)}
                    data-testid={`delivery-row-${d.id}`}
                  >
                    <Table.Td>
                      <Text size="sm">{f.precise(d.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" className="kt-mono">
                          {d.eventType}
                        </Text>
                        {d.replayOf && (
                          <Badge size="xs" variant="light" color="violet">
                            {t('webhooks.replay')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <DeliveryStatusBadge status={d.status} />
                    </Table.Td>
                    <Table.Td ta="right">{d.attempts}</Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" truncate c={d.lastError ? 'red' : undefined}>
                        {d.lastStatusCode ?? ''}{' '}
                        {d.lastError ? deliveryErrorText(d.lastError, t) : d.lastStatusCode == null ? '—' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {d.completedAt
                          ? f.precise(d.completedAt)
                          : d.nextAttemptAt
                            ? t('webhooks.nextAt', { date: f.precise(d.nextAttemptAt) })
                            : '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </>
      )}
      <DeliveryDrawer deliveryId={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} />
    </Card>
  );
}
