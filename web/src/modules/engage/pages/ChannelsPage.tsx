import { Badge, Button, Card, Group, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post } from '../../../api.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { errorMessage } from '../../../notify.ts';
import { useSession } from '../../../session.tsx';
import { CHANNELS_KEY, type Channel, useChannels } from '../api.ts';
import { ChannelDrawer } from '../components/ChannelDrawer.tsx';
import { ChannelIcon } from '../components/ChannelIcon.tsx';
import { CHANNEL_FIELDS, type FieldKey } from '../components/channel-fields.ts';
import { MessagingTabs } from '../components/MessagingTabs.tsx';

type TestState = { pending: true } | { pending: false; ok: boolean; reason?: string };

/** /messaging/channels: the workspace's channels; each opens its drawer, and can be tested from the list. */
export function ChannelsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const writable = can('engage:write');
  const q = useChannels();
  const [open, setOpen] = useState<{ channel: Channel | null } | null>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  // The status column: what "Test connection" answered in this session (the API keeps no state for it).
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const test = async (c: Channel) => {
    setTests((s) => ({ ...s, [c.id]: { pending: true } }));
    try {
      const r = await post<{ ok: boolean; reason?: string }>(`/channels/${c.id}/test`);
      setTests((s) => ({ ...s, [c.id]: { pending: false, ok: r.ok !== false, reason: r.reason } }));
    } catch (e) {
      setTests((s) => ({ ...s, [c.id]: { pending: false, ok: false, reason: errorMessage(e) } }));
    }
  };
  const remove = useApiMutation({
    mutationFn: (c: Channel) => del(`/channels/${c.id}`),
    success: (_, c) => t('engage.channels.deleted', { name: c.name }),
    invalidate: [CHANNELS_KEY],
    onSuccess: () => setDeleting(null),
  });
  const create = writable && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen({ channel: null })} data-testid="channels-new">
      {t('engage.channels.create')}
    </Button>
  );
  const rows = q.data ?? [];

  return (
    <>
      <PageHeader title={t('nav.messaging')} description={t('engage.channels.intro')} actions={create} />
      <MessagingTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="channels-empty"
          title={t('engage.channels.empty')}
          description={t('engage.channels.emptyText')}
          action={create || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="channels-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('engage.channels.type')}</Table.Th>
                  <Table.Th>{t('engage.common.name')}</Table.Th>
                  <Table.Th>{t('engage.common.status')}</Table.Th>
                  <Table.Th>{t('engage.common.updated')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => {
                  const s = tests[c.id];
                  return (
                    <Table.Tr key={c.id} data-testid="channels-row" data-id={c.id}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <ChannelIcon type={c.type} />
                          <Text size="sm">{t(`engage.channelTypes.${c.type}`)}</Text>
                        </Group>
                      </Table.Td>
                      <Table.Td maw={320}>
                        <Text
                          size="sm"
                          fw={500}
                          c="blue"
                          truncate="end"
                          title={c.name}
                          style={{ cursor: 'pointer' }}
                          onClick={() => setOpen({ channel: c })}
                          data-testid="channels-name"
                        >
                          {c.name}
                        </Text>
                        <Text size="xs" c="dimmed" truncate="end">
                          {c.secretsSet.length
                            ? t('engage.channels.secretsSet', {
                                names: c.secretsSet
                                  .map((k) => (FIELD_KEYS.has(k) ? t(`engage.channels.fields.${k as FieldKey}`) : k))
                                  .join(', '),
                              })
                            : t('engage.channels.noSecrets')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {s && !s.pending ? (
                          <Tooltip label={s.reason ?? t('engage.channels.testOk')} multiline maw={360}>
                            <Badge color={s.ok ? 'teal' : 'red'} variant="light" data-testid="channels-status">
                              {s.ok ? t('engage.common.ready') : t('engage.channels.refused')}
                            </Badge>
                          </Tooltip>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="default"
                            loading={s?.pending}
                            onClick={() => void test(c)}
                            data-testid="channels-test"
                          >
                            {t('engage.channels.test')}
                          </Button>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{f.dateTime(c.updatedAt)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {writable && (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            onClick={() => setDeleting(c)}
                            data-testid="channels-delete"
                          >
                            {t('common.delete')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <ChannelDrawer
        channel={open?.channel ?? null}
        opened={!!open}
        onClose={() => setOpen(null)}
        canWrite={writable}
      />
      <ConfirmModal
        opened={!!deleting}
        title={t('engage.channels.deleteTitle', { name: deleting?.name ?? '' })}
        message={t('engage.channels.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

const FIELD_KEYS = new Set<string>(Object.values(CHANNEL_FIELDS).flatMap((fs) => fs.map((f) => f.key)));
