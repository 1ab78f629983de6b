import { Anchor, Badge, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import type { Member, ServiceMessage } from '../api.ts';
import { ChannelBadge } from './Badges.tsx';
import { EmailHtml } from './EmailHtml.tsx';
import type { SplitSelection } from './MergeSplit.tsx';
import { fileSize } from './labels.ts';

/**
 * The conversation's messages, oldest first: the client's on the left, the team's replies on the
 * right, internal notes in yellow across (never sent); each with its channel, author and time, its
 * attachments as download links, and an email's HTML in a sandboxed frame. Scrolls to the newest.
 */
export function MessageThread({
  conversationId,
  messages,
  members,
  personName,
  selection,
}: {
  conversationId: string;
  messages: ServiceMessage[];
  members: Member[];
  personName: string | null;
  /** While splitting: a tick box on each message. */
  selection?: SplitSelection;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const end = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1]?.id;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [last]);
  const memberName = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? null) : null);
  if (messages.length === 0)
    return (
      <Text c="dimmed" size="sm" ta="center" py="xl" data-testid="thread-empty">
        {t('service.conversation.noMessages')}
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="thread">
      {messages.map((m) => {
        const author =
          m.direction === 'in'
            ? (personName ?? t('service.conversation.client'))
            : m.authorKind === 'bot'
              ? t('service.conversation.bot')
              : m.authorKind === 'system'
                ? t('service.conversation.system')
                : (memberName(m.authorUserId) ?? t('service.conversation.agent'));
        const note = m.direction === 'note';
        return (
          <Group
            key={m.id}
            justify={m.direction === 'in' ? 'flex-start' : note ? 'center' : 'flex-end'}
            data-testid="message"
            data-direction={m.direction}
            data-author={m.authorKind}
            data-channel={m.channel}
            data-id={m.id}
          >
            <Paper
              withBorder
              p="sm"
              radius="md"
              w={note ? '100%' : '85%'}
              style={{
                background: note
                  ? 'var(--mantine-color-yellow-0)'
                  : m.authorKind === 'bot'
                    ? 'var(--mantine-color-grape-0)'
                    : m.direction === 'out'
                      ? 'var(--mantine-color-blue-0)'
                      : undefined,
              }}
            >
              <Group justify="space-between" gap="xs" mb={6} wrap="nowrap">
                <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                  {selection && (
                    <Checkbox
                      size="xs"
                      checked={selection.ids.has(m.id)}
                      onChange={() => selection.toggle(m.id)}
                      aria-label={t('service.merge.select')}
                      data-testid="message-select"
                    />
                  )}
                  <Text size="sm" fw={600} truncate="end" title={author} data-testid="message-author">
                    {author}
                  </Text>
                  {m.authorKind === 'bot' && (
                    <Badge size="sm" color="grape" variant="light" data-testid="bot-badge" style={{ flexShrink: 0 }}>
                      {t('service.bot.button')}
                    </Badge>
                  )}
                  {note ? (
                    <Badge size="sm" color="yellow" variant="light" data-testid="note-badge" style={{ flexShrink: 0 }}>
                      {t('service.conversation.noteBadge')}
                    </Badge>
                  ) : (
                    <ChannelBadge channel={m.channel} testId="message-channel" />
                  )}
                </Group>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {f.dateTime(m.createdAt)}
                </Text>
              </Group>
              {m.html && m.direction === 'in' ? (
                <EmailHtml html={m.html} text={m.body} />
              ) : (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
                  {m.body}
                </Text>
              )}
              {m.attachments.length > 0 && (
                <Stack gap={2} mt={6} data-testid="message-attachments">
                  {m.attachments.map((a) => (
                    <Anchor
                      key={a.id}
                      size="xs"
                      href={`/api/v1/conversations/${conversationId}/attachments/${a.id}`}
                      download={a.filename}
                      data-testid="attachment-link"
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      📎 {a.filename} ({fileSize(t, a.size)})
                    </Anchor>
                  ))}
                </Stack>
              )}
            </Paper>
          </Group>
        );
      })}
      <div ref={end} />
    </Stack>
  );
}
