import { Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get } from '../../../api.ts';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { MESSAGE_STATUSES, type Message, MESSAGES_KEY, type Page, useChannels } from '../api.ts';
import { MessageDrawer } from '../components/MessageDrawer.tsx';
import { MessagingTabs } from '../components/MessagingTabs.tsx';
import { PersonPicker } from '../components/PersonPicker.tsx';
import { MessageStatusBadge, reasonText } from '../components/StatusBadge.tsx';

/**
 * /messaging/log: the send ledger newest first (GET /messages, keyset pages), filtered by channel,
 * status, person and broadcast (the filters live in the address, so a broadcast links here).
 */
export function MessageLogPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const filters = {
    channelId: params.get('channelId') ?? undefined,
    status: params.get('status') ?? undefined,
    personId: params.get('personId') ?? undefined,
    broadcastId: params.get('broadcastId') ?? undefined,
  };
  const setFilter = (k: keyof typeof filters, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const [open, setOpen] = useState<string | null>(null);
  const channels = useChannels();
  const q = useInfiniteQuery({
    queryKey: [...MESSAGES_KEY, 'log', filters],
    queryFn: ({ pageParam }) => get<Page<Message>>('/messages', { ...filters, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.values(filters).some(Boolean);
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.name;

  return (
    <>
      <PageHeader title={t('nav.messaging')} description={t('engage.log.intro')} />
      <MessagingTabs />
      <Group gap="sm" mb="md" align="flex-end">
        <Select
          w={220}
          aria-label={t('engage.common.channel')}
          placeholder={t('engage.common.channel')}
          data={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={filters.channelId ?? null}
          onChange={(v) => setFilter('channelId', v)}
          clearable
          data-testid="log-channel"
        />
        <Select
          w={200}
          aria-label={t('engage.common.status')}
          placeholder={t('engage.common.status')}
          data={MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`engage.statuses.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => setFilter('status', v)}
          clearable
          data-testid="log-status"
        />
        <PersonPicker
          w={280}
          aria-label={t('engage.common.person')}
          value={filters.personId ?? null}
          onChange={(v) => setFilter('personId', v)}
          data-testid="log-person"
        />
        {filters.broadcastId && (
          <Select
            w={220}
            aria-label={t('engage.log.broadcast')}
            data={[{ value: filters.broadcastId, label: t('engage.log.broadcast') }]}
            value={filters.broadcastId}
            onChange={(v) => setFilter('broadcastId', v)}
            clearable
            data-testid="log-broadcast"
          />
        )}
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty testId="log-empty" title={filtered ? t('engage.log.emptyFiltered') : t('engage.log.empty')} />
      ) : (
        <>
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={860}>
              <Table highlightOnHover verticalSpacing="sm" data-testid="log-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('engage.common.created')}</Table.Th>
                    <Table.Th>{t('engage.common.channel')}</Table.Th>
                    <Table.Th>{t('engage.log.address')}</Table.Th>
                    <Table.Th>{t('engage.log.subject')}</Table.Th>
                    <Table.Th>{t('engage.common.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((m) => (
                    <Table.Tr
                      key={m.id}
                      style={{ cursor: 'pointer' }}
                      onClick={() => setOpen(m.id)}
                      data-testid="log-row"
                      data-id={m.id}
                      data-status={m.status}
                    >
                      <Table.Td>
                        <Text size="sm">{f.precise(m.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" truncate="end" maw={180}>
                          {channelName(m.channelId) ?? t(`engage.channelTypes.${m.channelType}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" truncate="end" maw={220} title={m.address ?? undefined}>
                          {m.address ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" truncate="end" maw={240} title={m.subject ?? undefined}>
                          {m.subject ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {/* The reason goes under the badge and wraps: beside it, a provider's reason pushed the table past 1280 px. */}
                        <Stack gap={2} align="flex-start">
                          <MessageStatusBadge status={m.status} />
                          {m.reason && (
                            <Text size="xs" c="dimmed" maw={240}>
                              {reasonText(t, m.reason)}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </>
      )}
      <MessageDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
