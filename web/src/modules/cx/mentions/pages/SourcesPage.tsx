import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { notifyError, notifySuccess } from '../../../../notify.ts';
import { useSession } from '../../../../session.tsx';
import { MENTIONS_KEY, type MentionSource, SOURCE_KINDS, SOURCES_KEY, useSources } from '../api.ts';
import { MentionsTabs } from './MentionsTabs.tsx';

type Kind = (typeof SOURCE_KINDS)[number];

/** The mention sources: feeds, a Telegram bridge, VK search, review sites, the webhook; test, poll, last error. */
export function SourcesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const writable = can('cx:write');
  const q = useSources();
  const [editing, setEditing] = useState<MentionSource | 'new' | null>(null);
  const [deleting, setDeleting] = useState<MentionSource | null>(null);
  const test = useApiMutation({
    mutationFn: (id: string) =>
      post<{ ok: boolean; items: number; error: string | null }>(`/mention-sources/${id}/test`),
    onSuccess: (r) =>
      r.ok ? notifySuccess(t('mentions.sources.testOk', { count: r.items })) : notifyError(new Error(r.error ?? '')),
  });
  const poll = useApiMutation({
    mutationFn: (id: string) => post<{ created: number; error?: string }>(`/mention-sources/${id}/poll`),
    onSuccess: (r) =>
      r.error ? notifyError(new Error(r.error)) : notifySuccess(t('mentions.sources.polled', { count: r.created })),
    invalidate: [SOURCES_KEY, MENTIONS_KEY],
  });
  const remove = useApiMutation({
    mutationFn: (id: string) => del(`/mention-sources/${id}`),
    success: () => t('mentions.deleted'),
    invalidate: [SOURCES_KEY],
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <PageHeader
        title={t('mentions.title')}
        description={t('mentions.sources.description')}
        actions={
          writable && (
            <Button onClick={() => setEditing('new')} data-testid="mention-source-new">
              {t('mentions.sources.new')}
            </Button>
          )
        }
      />
      <MentionsTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Empty
          testId="mention-sources-empty"
          title={t('mentions.sources.empty')}
          description={t('mentions.sources.emptyHint')}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="mention-sources-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('mentions.sources.name')}</Table.Th>
                  <Table.Th>{t('mentions.sources.kind')}</Table.Th>
                  <Table.Th>{t('mentions.sources.status')}</Table.Th>
                  <Table.Th w={220} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((s) => (
                  <Table.Tr key={s.id} data-testid="mention-source-row">
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {s.name}
                      </Text>
                      <Text size="xs" c="dimmed" className="kt-mono" lineClamp={1} maw={360}>
                        {s.url ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`mentions.kinds.${s.kind}`)}</Badge>
                      {!s.enabled && (
                        <Badge variant="outline" color="gray" ml={4}>
                          {t('mentions.sources.off')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {s.kind === 'webhook' ? (
                        <Text size="xs" c="dimmed">
                          {t('mentions.sources.pushed')}
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          <Text size="xs">
                            {s.status.polledAt
                              ? t('mentions.sources.polledAt', {
                                  at: f.dateTime(s.status.polledAt),
                                  count: s.status.fetchedTotal,
                                })
                              : t('mentions.sources.never')}
                          </Text>
                          {s.status.lastError && (
                            <Text size="xs" c="red" data-testid="mention-source-error">
                              {s.status.lastError}
                            </Text>
                          )}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {writable && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {s.kind !== 'webhook' && (
                            <>
                              <Button
                                size="xs"
                                variant="default"
                                loading={test.isPending && test.variables === s.id}
                                onClick={() => test.mutate(s.id)}
                              >
                                {t('mentions.sources.test')}
                              </Button>
                              <Button
                                size="xs"
                                variant="default"
                                loading={poll.isPending && poll.variables === s.id}
                                onClick={() => poll.mutate(s.id)}
                              >
                                {t('mentions.sources.poll')}
                              </Button>
                            </>
                          )}
                          <Button size="xs" variant="subtle" onClick={() => setEditing(s)}>
                            {t('mentions.edit')}
                          </Button>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('mentions.delete')}
                            onClick={() => setDeleting(s)}
                          >
                            ×
                          </ActionIcon>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {editing && <SourceModal current={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={!!deleting}
        title={t('mentions.delete')}
        message={t('mentions.sources.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('mentions.delete')}
        danger
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function SourceModal({ current, onClose }: { current: MentionSource | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(current?.name ?? '');
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'rss');
  const [url, setUrl] = useState(current?.url ?? '');
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [pollMinutes, setPollMinutes] = useState<number>(current?.pollMinutes ?? 15);
  const s = current?.settings ?? {};
  const [channel, setChannel] = useState(s.channel ?? '');
  const [query, setQuery] = useState(s.query ?? '');
  const [method, setMethod] = useState<string>(s.method ?? 'newsfeed.search');
  const [ownerId, setOwnerId] = useState<number | string>(s.ownerId ?? '');
  const [token, setToken] = useState('');
  const [format, setFormat] = useState<string>(s.format ?? 'auto');
  const save = useApiMutation({
    mutationFn: () => {
      const settings: Record<string, unknown> = {};
      if (kind === 'telegram') settings.channel = channel.trim();
      if (kind === 'vk') {
        settings.query = query.trim();
        settings.method = method;
        if (method === 'wall.search' && ownerId !== '') settings.ownerId = Number(ownerId);
        if (token) settings.accessToken = token;
      }
      if (kind === 'reviews') settings.format = format;
      const body = {
        name: name.trim(),
        url: kind === 'webhook' ? null : url.trim() || null,
        enabled,
        pollMinutes,
        settings,
      };
      return current ? patch(`/mention-sources/${current.id}`, body) : post('/mention-sources', { ...body, kind });
    },
    success: () => t('mentions.saved'),
    invalidate: [SOURCES_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={current ? current.name : t('mentions.sources.new')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('mentions.sources.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="mention-source-name"
        />
        <Select
          label={t('mentions.sources.kind')}
          data={SOURCE_KINDS.map((k) => ({ value: k, label: t(`mentions.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(v as Kind)}
          disabled={!!current}
          allowDeselect={false}
          data-testid="mention-source-kind"
        />
        <Text size="xs" c="dimmed">
          {t(`mentions.kindHelp.${kind}`)}
        </Text>
        {kind === 'webhook' ? (
          <Alert variant="light">
            <Code block>
              {'POST /api/v1/mentions\n{"source":"…","url":"…","author":"…","text":"…","publishedAt":"…"}'}
            </Code>
          </Alert>
        ) : (
          <>
            <TextInput
              label={kind === 'vk' ? t('mentions.sources.vkBase') : t('mentions.sources.url')}
              placeholder={kind === 'vk' ? 'https://api.vk.com' : 'https://'}
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              required={kind !== 'vk'}
              data-testid="mention-source-url"
            />
            <NumberInput
              label={t('mentions.sources.pollMinutes')}
              value={pollMinutes}
              onChange={(v) => setPollMinutes(Number(v) || 15)}
              min={1}
              max={10080}
            />
          </>
        )}
        {kind === 'telegram' && (
          <TextInput
            label={t('mentions.sources.channel')}
            placeholder="@channel"
            value={channel}
            onChange={(e) => setChannel(e.currentTarget.value)}
            required
          />
        )}
        {kind === 'vk' && (
          <>
            <TextInput
              label={t('mentions.sources.query')}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              required
            />
            <Select
              label={t('mentions.sources.method')}
              data={['newsfeed.search', 'wall.search']}
              value={method}
              onChange={(v) => v && setMethod(v)}
              allowDeselect={false}
            />
            {method === 'wall.search' && (
              <NumberInput label={t('mentions.sources.ownerId')} value={ownerId} onChange={setOwnerId} required />
            )}
            <PasswordInput
              label={t('mentions.sources.token')}
              placeholder={s.accessTokenSet ? t('mentions.sources.tokenSet') : ''}
              value={token}
              onChange={(e) => setToken(e.currentTarget.value)}
              required={!s.accessTokenSet}
            />
          </>
        )}
        {kind === 'reviews' && (
          <Select
            label={t('mentions.sources.format')}
            data={(['auto', 'rss', 'json'] as const).map((v) => ({ value: v, label: t(`mentions.formats.${v}`) }))}
            value={format}
            onChange={(v) => v && setFormat(v)}
            allowDeselect={false}
          />
        )}
        <Switch
          label={t('mentions.sources.enabled')}
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        {current?.status.lastError && (
          <Alert color="red" variant="light" title={t('mentions.sources.lastError')}>
            {current.status.lastError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('mentions.cancel')}
          </Button>
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!name.trim()}
            data-testid="mention-source-save"
          >
            {t('mentions.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
