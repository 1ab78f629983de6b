import { Anchor, Drawer, Group, Stack, Table, Text, Timeline } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { type MessageDetail, MESSAGES_KEY } from '../api.ts';
import { MessageStatusBadge, reasonText } from './StatusBadge.tsx';

/** One message (GET /messages/{id}): where it went, its status and reason, and its whole history. */
export function MessageDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={!!id}
      onClose={onClose}
      position="right"
      size="lg"
      title={t('engage.log.message')}
      data-testid="message-drawer"
    >
      {id && <MessageView id={id} />}
    </Drawer>
  );
}

function MessageView({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: [...MESSAGES_KEY, id], queryFn: () => get<MessageDetail>(`/messages/${id}`) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const m = q.data;
  const rows: [string, React.ReactNode][] = [
    [t('engage.common.status'), <MessageStatusBadge key="s" status={m.status} />],
    [t('engage.log.reason'), m.reason ? reasonText(t, m.reason) : '—'],
    [t('engage.common.channel'), t(`engage.channelTypes.${m.channelType}`)],
    [t('engage.log.address'), m.address ?? '—'],
    [t('engage.log.subject'), m.subject ?? '—'],
    [t('engage.log.attempts'), String(m.attempts)],
    [t('engage.log.providerId'), m.providerId ?? '—'],
    [t('engage.common.created'), f.precise(m.createdAt)],
    [t('engage.log.sentAt'), f.precise(m.sentAt)],
  ];
  return (
    <Stack gap="md" data-testid="message-detail" data-status={m.status}>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Td w={200}>
                <Text size="sm" c="dimmed">
                  {k}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
                  {v}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="md">
        <Anchor component={Link} to={`/people/${m.personId}`} size="sm">
          {t('engage.log.openPerson')}
        </Anchor>
        {m.broadcastId && (
          <Anchor component={Link} to={`/messaging/broadcasts/${m.broadcastId}`} size="sm">
            {t('engage.log.broadcast')}
          </Anchor>
        )}
        {m.templateId && (
          <Anchor component={Link} to={`/messaging/templates/${m.templateId}`} size="sm">
            {t('engage.log.template')}
          </Anchor>
        )}
      </Group>
      <Text fw={600}>{t('engage.log.history')}</Text>
      <Timeline bulletSize={14} lineWidth={2} data-testid="message-history">
        {m.history.map((h, i) => (
          <Timeline.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at its end; a step's place is its identity
            key={`${h.occurredAt}-${i}`}
            title={t(`engage.statuses.${h.type}` as 'engage.statuses.sent', { defaultValue: h.type })}
            data-testid="message-history-item"
            data-type={h.type}
          >
            <Text size="xs" c="dimmed">
              {f.precise(h.occurredAt)}
            </Text>
            {detailText(t, h.detail) && (
              <Text size="xs" style={{ wordBreak: 'break-word' }}>
                {detailText(t, h.detail)}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

/** A history step's detail in words: its reason code translated, a clicked URL, the provider's message. */
function detailText(t: TFunction, d: Record<string, unknown> | null): string {
  if (!d) return '';
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(reasonText(t, d.reason));
  if (typeof d.url === 'string') parts.push(d.url);
  if (typeof d.message === 'string') parts.push(d.message);
  return parts.join(' · ');
}
