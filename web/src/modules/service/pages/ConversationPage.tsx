import { Anchor, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IconArrowLeft } from '../../../components/icons.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useSession } from '../../../session.tsx';
import { ConversationSentiment } from '../../cx/index.ts';
import { useConversation, useMembers, useMessages } from '../api.ts';
import { ChannelBadge, PriorityBadge, StatusBadge } from '../components/Badges.tsx';
import { LiveMark } from '../components/LiveMark.tsx';
import { MergedBanner, MergeSplitActions, SplitBar, useSplitSelection } from '../components/MergeSplit.tsx';
import { MessageThread } from '../components/MessageThread.tsx';
import { PersonCard, reachableChannels, usePerson } from '../components/PersonCard.tsx';
import { ReplyBox } from '../components/ReplyBox.tsx';
import { TicketFields } from '../components/TicketFields.tsx';
import { useTypists } from '../live.ts';

/**
 * /inbox/:id — one conversation (the ticket): its thread, the answer box with the channel switch,
 * notes and @mentions, the ticket's fields, and the person's 360 card. Live: new messages and
 * changes arrive over the socket (LiveMark keeps it open), and a colleague typing here is named.
 */
export function ConversationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me, can } = useSession();
  const c = useConversation(id);
  const messages = useMessages(id);
  const members = useMembers();
  const person = usePerson(c.data?.personId);
  const typists = useTypists(id, me.user?.id ?? '');
  const split = useSplitSelection(id);
  const used = useMemo(
    () => [...new Set((messages.data ?? []).filter((m) => m.direction === 'in').map((m) => m.channel))],
    [messages.data],
  );

  if (c.isPending) return <PageLoader />;
  if (c.isError) return <ErrorState error={c.error} onRetry={() => void c.refetch()} />;
  const conv = c.data;
  const channels = reachableChannels(person.data, conv.channel, used);
  const personName = conv.person?.name || person.data?.name || conv.person?.email || null;
  return (
    <div data-testid="conversation-page" data-id={conv.id} data-number={conv.number}>
      <Group justify="space-between" mb="md" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Anchor component={Link} to="/inbox" size="sm" data-testid="back-to-inbox">
            <Group gap={4} wrap="nowrap">
              <IconArrowLeft size={14} />
              {t('service.conversation.back')}
            </Group>
          </Anchor>
          <Title order={3} style={{ overflowWrap: 'anywhere' }} data-testid="conversation-title">
            #{conv.number} {conv.subject || t('service.inbox.noSubject')}
          </Title>
          <Group gap={6}>
            <StatusBadge status={conv.status} />
            <PriorityBadge priority={conv.priority} />
            <ChannelBadge channel={conv.channel} testId="conversation-channel" />
            <ConversationSentiment conversationId={conv.id} />
            {personName && (
              <Text size="sm" c="dimmed" truncate="end" maw={320} title={personName}>
                {personName}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {can('service:write') && (
            <MergeSplitActions conversation={conv} splitting={split.active} onSplit={split.start} />
          )}
          <LiveMark />
        </Group>
      </Group>
      {conv.mergedInto && <MergedBanner intoId={conv.mergedInto} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Card withBorder padding="md" data-testid="thread-card">
              {messages.isPending ? (
                <PageLoader />
              ) : messages.isError ? (
                <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
              ) : (
                <MessageThread
                  conversationId={conv.id}
                  messages={messages.data}
                  members={members.data ?? []}
                  personName={personName}
                  selection={split.selection}
                />
              )}
            </Card>
            {split.selection && messages.data && (
              <SplitBar
                conversationId={conv.id}
                messages={messages.data}
                selection={split.selection}
                onDone={split.stop}
              />
            )}
            {typists.length > 0 && (
              <Text size="xs" c="dimmed" data-testid="typing-indicator">
                {t('service.conversation.typing', {
                  names: typists
                    .map((x) =>
                      x.userId === 'visitor'
                        ? (personName ?? t('service.conversation.client'))
                        : (x.name ??
                          members.data?.find((m) => m.id === x.userId)?.name ??
                          t('service.conversation.colleague')),
                    )
                    .join(', '),
                })}
              </Text>
            )}
            <ReplyBox
              conversation={conv}
              channels={channels}
              members={members.data ?? []}
              typists={typists}
              canWrite={can('service:write')}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <TicketFields conversation={conv} members={members.data ?? []} canWrite={can('service:write')} />
            <PersonCard personId={conv.personId} currentId={conv.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </div>
  );
}
