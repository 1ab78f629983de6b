import { ActionIcon, Button, Card, Group, Modal, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../../api.ts';
import type { Schema } from '../../../../api/contract.ts';
import { CopyText } from '../../../../components/CopyText.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { INBOX_CHANNELS, type Inbox, INBOXES_KEY, SERVICE_KEY, useInboxes } from '../../api.ts';
import { ChannelBadge } from '../../components/Badges.tsx';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';
import { BotSettingsModal, botOf } from '../../bot/BotSettingsModal.tsx';

/** The engage channel type that carries an inbox's replies; chat answers over its socket, api has no way back. */
const SENDER_TYPE: Record<string, string | null> = {
  email: 'email',
  telegram: 'telegram',
  vk: 'vk',
  whatsapp: 'whatsapp',
  sms: 'sms',
  chat: null,
  api: null,
};

/** The line a site puts on its pages to show the chat (S-CHAN's /chat.js reads its inbox from data-inbox). */
export const chatSnippet = (inboxId: string) =>
  `<script src="${location.origin}/chat.js" data-inbox="${inboxId}" async></script>`;

/** Inboxes: where requests arrive (an email address, the site's chat, a messenger bot, the API), one channel each. */
export function InboxesSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useInboxes();
  const channels = useQuery({
    queryKey: [...SERVICE_KEY, 'engage-channels'],
    queryFn: () => get<{ data: Schema<'Channel'>[] }>('/channels', { limit: 200 }).then((r) => r.data),
    enabled: can('engage:read'),
  });
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Inbox | null>(null);
  const [deleting, setDeleting] = useState<Inbox | null>(null);
  const [botFor, setBotFor] = useState<Inbox | null>(null);
  const channelName = (id: string | null) => (id ? (channels.data?.find((c) => c.id === id)?.name ?? '—') : null);

  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === null) return <NotAvailable />;
  return (
    <>
      <NewButton
        label={t('service.settings.inboxes.new')}
        onClick={() => setCreating(true)}
        testId="inbox-new"
        can={can('service:write')}
      />
      {q.data.length === 0 ? (
        <Empty testId="inboxes-empty" title={t('service.settings.inboxes.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" data-testid="inboxes-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('service.settings.name')}</Table.Th>
                  <Table.Th>{t('service.settings.inboxes.channel')}</Table.Th>
                  <Table.Th>{t('service.settings.inboxes.address')}</Table.Th>
                  <Table.Th>{t('service.settings.inboxes.sendsBy')}</Table.Th>
                  <Table.Th w={120} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((i) => (
                  <Table.Tr key={i.id} data-testid="inbox-row" data-id={i.id} data-channel={i.channel}>
                    <Table.Td>
                      <Text size="sm" fw={500} truncate="end" maw={240} title={i.name}>
                        {i.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ChannelBadge channel={i.channel} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="kt-mono" truncate="end" maw={240} title={i.address ?? undefined}>
                        {i.address ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={i.channelId ? undefined : 'dimmed'} truncate="end" maw={200}>
                        {channelName(i.channelId) ??
                          (SENDER_TYPE[i.channel] ? t('service.settings.inboxes.noChannel') : '—')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {i.channel !== 'email' && (
                          <Button
                            size="compact-xs"
                            variant={botOf(i).enabled ? 'filled' : 'default'}
                            color="grape"
                            onClick={() => setBotFor(i)}
                            data-testid="inbox-bot"
                          >
                            {botOf(i).enabled ? t('service.bot.on') : t('service.bot.button')}
                          </Button>
                        )}
                        {(i.channel === 'chat' || i.channel === 'api') && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            onClick={() => setShown(i)}
                            data-testid="inbox-snippet"
                          >
                            {i.channel === 'chat' ? t('service.settings.inboxes.snippet') : t('service.channels.api')}
                          </Button>
                        )}
                        {can('service:write') && (
                          <Tooltip label={t('service.settings.delete')} withArrow>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('service.settings.delete')}
                              onClick={() => setDeleting(i)}
                              data-testid="inbox-delete"
                            >
                              ×
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <InboxModal
        opened={creating}
        channels={channels.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={(i) => {
          setCreating(false);
          if (i.channel === 'chat' || i.channel === 'api') setShown(i);
        }}
      />
      <Modal
        opened={!!shown}
        onClose={() => setShown(null)}
        title={shown?.channel === 'chat' ? t('service.settings.inboxes.snippet') : shown?.name}
        size="lg"
      >
        {shown && (
          <Stack gap="sm">
            {shown.channel === 'chat' ? (
              <>
                <Text size="sm">{t('service.settings.inboxes.snippetHint')}</Text>
                <CopyText value={chatSnippet(shown.id)} testId="chat-snippet" copyTestId="chat-snippet-copy" />
              </>
            ) : (
              <CopyText value={t('service.settings.inboxes.apiHint', { id: shown.id })} testId="api-snippet" />
            )}
          </Stack>
        )}
      </Modal>
      <DeleteConfirm target={deleting} path="/inboxes" queryKey={INBOXES_KEY} onClose={() => setDeleting(null)} />
      <BotSettingsModal inbox={botFor} onClose={() => setBotFor(null)} />
    </>
  );
}

function InboxModal({
  opened,
  channels,
  onClose,
  onCreated,
}: {
  opened: boolean;
  channels: Schema<'Channel'>[];
  onClose: () => void;
  onCreated: (i: Inbox) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<string>('email');
  const [address, setAddress] = useState('');
  const [channelId, setChannelId] = useState<string | null>(null);
  const sender = SENDER_TYPE[channel];
  const create = useApiMutation({
    mutationFn: () =>
      post<Inbox>('/inboxes', {
        name: name.trim(),
        channel,
        ...(channel === 'email' && address.trim() ? { address: address.trim() } : {}),
        ...(sender && channelId ? { channelId } : {}),
      }),
    success: () => t('service.settings.inboxes.created'),
    invalidate: [INBOXES_KEY],
    onSuccess: (i) => {
      setName('');
      setAddress('');
      setChannelId(null);
      onCreated(i);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('service.settings.inboxes.new')}>
      <Stack gap="sm">
        <TextInput
          label={t('service.settings.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="inbox-name"
        />
        <Select
          label={t('service.settings.inboxes.channel')}
          data={INBOX_CHANNELS.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))}
          value={channel}
          onChange={(v) => {
            setChannel(v ?? 'email');
            setChannelId(null);
          }}
          allowDeselect={false}
          data-testid="inbox-channel"
        />
        {channel === 'email' && (
          <TextInput
            label={t('service.settings.inboxes.address')}
            description={t('service.settings.inboxes.addressHint')}
            placeholder="support@example.com"
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            data-testid="inbox-address"
          />
        )}
        {sender && (
          <Select
            label={t('service.settings.inboxes.sendsBy')}
            description={t('service.settings.inboxes.sendsByHint')}
            data={channels.filter((c) => c.type === sender).map((c) => ({ value: c.id, label: c.name }))}
            value={channelId}
            onChange={setChannelId}
            clearable
            data-testid="inbox-sender"
          />
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!name.trim()}
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="inbox-create"
          >
            {t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
