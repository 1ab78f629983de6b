import { Alert, Button, Group, Menu, Paper, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import {
  cannedTitle,
  CONVERSATION_KEY,
  CONVERSATIONS_KEY,
  type ConversationDetail,
  type Member,
  MESSAGES_KEY,
  useCanned,
  useInboxes,
  useMacros,
} from '../api.ts';
import { sendTyping, type Typist } from '../live.ts';
import { KbInsertButton } from '../kb/KbInsertButton.tsx';

/** The @word being typed at the caret, if any: its start and the letters after @. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

/**
 * The answer box: reply to the client on the conversation's channel or another one the person can
 * be reached on (the history stays one), or write an internal note (never sent) that can @mention
 * colleagues; canned responses insert their text, macros apply to the ticket. While the agent types,
 * the others are told (the live socket); when someone else is typing here, a warning says who.
 */
export function ReplyBox({
  conversation,
  channels,
  members,
  typists,
  canWrite,
}: {
  conversation: ConversationDetail;
  /** The channels this person can be reached on now, the conversation's own first. */
  channels: string[];
  members: Member[];
  typists: Typist[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [channel, setChannel] = useState<string | null>(null);
  const [inboxId, setInboxId] = useState<string | null>(null);
  const inboxes = useInboxes();
  const [mentions, setMentions] = useState<Map<string, string>>(new Map());
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const canned = useCanned();
  const macros = useMacros();
  const id = conversation.id;
  const chosen = channel && channels.includes(channel) ? channel : (channels[0] ?? conversation.channel);
  // Which inbox sends: offered only when the workspace has more than one able to send on that channel.
  const senders = (inboxes.data ?? []).filter((i) => i.channel === chosen && i.channelId);
  const sender = inboxId && senders.some((i) => i.id === inboxId) ? inboxId : null;
  const invalidate = [[...MESSAGES_KEY, id], [...CONVERSATION_KEY, id], CONVERSATIONS_KEY];

  const send = useApiMutation({
    mutationFn: () => {
      const note = mode === 'note';
      const ids = note ? [...mentions].filter(([, name]) => body.includes(`@${name}`)).map(([uid]) => uid) : [];
      return post(`/conversations/${id}/messages`, {
        body,
        ...(note ? { internal: true, ...(ids.length ? { mentions: ids } : {}) } : {}),
        ...(!note && chosen !== conversation.channel ? { channel: chosen } : {}),
        ...(!note && sender ? { inboxId: sender } : {}),
      });
    },
    success: () => (mode === 'note' ? t('service.conversation.noteAdded') : t('service.conversation.sent')),
    invalidate,
    onSuccess: () => {
      sendTyping(id, false);
      setBody('');
      setMentions(new Map());
      setChannel(null);
      setInboxId(null);
    },
  });
  const applyMacro = useApiMutation({
    mutationFn: (macroId: string) => post(`/conversations/${id}/macros/${macroId}`),
    success: () => t('service.conversation.macroApplied'),
    invalidate,
  });

  const candidates = useMemo(
    () =>
      mention
        ? members
            .filter(
              (m) => m.name.toLowerCase().includes(mention.query) || m.email.toLowerCase().startsWith(mention.query),
            )
            .slice(0, 6)
        : [],
    [mention, members],
  );
  const pickMention = (m: Member) => {
    if (!mention) return;
    const caret = area.current?.selectionStart ?? body.length;
    const next = `${body.slice(0, mention.start)}@${m.name} ${body.slice(caret)}`;
    setBody(next);
    setMentions((prev) => new Map(prev).set(m.id, m.name));
    setMention(null);
    requestAnimationFrame(() => area.current?.focus());
  };

  // Colleagues typing here (the client typing in the chat is shown under the thread, not as a collision).
  const others = typists
    .filter((x) => x.userId !== 'visitor')
    .map((x) => x.name ?? members.find((m) => m.id === x.userId)?.name ?? t('service.conversation.colleague'));
  if (!canWrite)
    return (
      <Text size="sm" c="dimmed" data-testid="reply-readonly">
        {t('service.conversation.readOnly')}
      </Text>
    );
  return (
    <Paper withBorder p="sm" radius="md" data-testid="reply-box">
      <Stack gap="xs">
        {others.length > 0 && (
          <Alert color="orange" variant="light" p="xs" data-testid="collision-warning">
            {t('service.conversation.collision', { names: others.join(', ') })}
          </Alert>
        )}
        <Group justify="space-between" gap="xs">
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as 'reply' | 'note')}
            data={[
              { value: 'reply', label: t('service.conversation.reply') },
              { value: 'note', label: t('service.conversation.note') },
            ]}
            data-testid="reply-mode"
          />
          <Group gap="xs">
            {mode === 'reply' && (
              <Select
                size="xs"
                w={200}
                aria-label={t('service.conversation.via')}
                leftSection={
                  <Text size="xs" c="dimmed" pl={6} style={{ whiteSpace: 'nowrap' }}>
                    {t('service.conversation.viaShort')}
                  </Text>
                }
                leftSectionWidth={58}
                data={channels.map((c) => ({
                  value: c,
                  label: t(`service.channels.${c as 'email'}`, { defaultValue: c }),
                }))}
                value={chosen}
                onChange={(v) => setChannel(v)}
                allowDeselect={false}
                data-testid="reply-channel"
              />
            )}
            {mode === 'reply' && senders.length > 1 && (
              <Select
                size="xs"
                w={200}
                aria-label={t('service.replyInbox.label')}
                leftSection={
                  <Text size="xs" c="dimmed" pl={6} style={{ whiteSpace: 'nowrap' }}>
                    {t('service.replyInbox.short')}
                  </Text>
                }
                leftSectionWidth={40}
                placeholder={t('service.replyInbox.auto')}
                data={senders.map((i) => ({ value: i.id, label: i.name }))}
                value={sender}
                onChange={setInboxId}
                clearable
                data-testid="reply-inbox"
              />
            )}
            <KbInsertButton onInsert={(text) => setBody((b) => (b ? `${b}\n${text}` : text))} />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" data-testid="canned-open">
                  {t('service.conversation.canned')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown mah={320} style={{ overflowY: 'auto' }} maw={360}>
                {(canned.data ?? []).length === 0 ? (
                  <Menu.Label>{t('service.conversation.noCanned')}</Menu.Label>
                ) : (
                  (canned.data ?? []).map((c) => (
                    <Menu.Item
                      key={c.id}
                      onClick={() => setBody((b) => (b ? `${b}\n${c.body}` : c.body))}
                      data-testid="canned-item"
                    >
                      <Text size="sm" fw={500} truncate="end" title={cannedTitle(c)}>
                        {cannedTitle(c)}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {c.body}
                      </Text>
                    </Menu.Item>
                  ))
                )}
              </Menu.Dropdown>
            </Menu>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" loading={applyMacro.isPending} data-testid="macros-open">
                  {t('service.conversation.macros')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown maw={320}>
                {(macros.data ?? []).length === 0 ? (
                  <Menu.Label>{t('service.conversation.noMacros')}</Menu.Label>
                ) : (
                  (macros.data ?? []).map((m) => (
                    <Menu.Item key={m.id} onClick={() => applyMacro.mutate(m.id)} data-testid="macro-item">
                      {m.name}
                    </Menu.Item>
                  ))
                )}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <div style={{ position: 'relative' }}>
          <Textarea
            ref={area}
            autosize
            minRows={3}
            maxRows={10}
            aria-label={
              mode === 'note' ? t('service.conversation.notePlaceholder') : t('service.conversation.replyPlaceholder')
            }
            placeholder={
              mode === 'note' ? t('service.conversation.notePlaceholder') : t('service.conversation.replyPlaceholder')
            }
            value={body}
            styles={mode === 'note' ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setBody(v);
              sendTyping(id, !!v);
              setMention(mode === 'note' ? mentionAt(v, e.currentTarget.selectionStart ?? v.length) : null);
            }}
            onKeyDown={(e) => {
              if (mention && candidates.length > 0 && (e.key === 'Enter' || e.key === 'Tab')) {
                e.preventDefault();
                pickMention(candidates[0]!);
              } else if (e.key === 'Escape') setMention(null);
              else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && body.trim()) send.mutate();
            }}
            data-testid="reply-body"
          />
          {mention && candidates.length > 0 && (
            <Paper
              withBorder
              shadow="sm"
              p={4}
              style={{ position: 'absolute', left: 8, bottom: '100%', zIndex: 10, minWidth: 220 }}
              data-testid="mention-list"
            >
              {candidates.map((m) => (
                <Button
                  key={m.id}
                  variant="subtle"
                  size="xs"
                  fullWidth
                  justify="flex-start"
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pickMention(m);
                  }}
                  data-testid="mention-option"
                >
                  {m.name}
                </Button>
              ))}
            </Paper>
          )}
        </div>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {mode === 'note' ? t('service.conversation.noteHint') : t('service.conversation.replyHint')}
          </Text>
          <Button
            size="sm"
            color={mode === 'note' ? 'yellow' : undefined}
            disabled={!body.trim()}
            loading={send.isPending}
            onClick={() => send.mutate()}
            data-testid="reply-send"
          >
            {mode === 'note' ? t('service.conversation.addNote') : t('service.conversation.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
