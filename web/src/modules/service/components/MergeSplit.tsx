import { Alert, Anchor, Button, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, post } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { errorMessage } from '../../../notify.ts';
import {
  type Conversation,
  CONVERSATION_KEY,
  CONVERSATIONS_KEY,
  type ConversationDetail,
  MESSAGES_KEY,
  type Page,
  type ServiceMessage,
  SERVICE_KEY,
  useConversation,
} from '../api.ts';

/** Messages picked in the thread for a split (null while not splitting). */
export interface SplitSelection {
  ids: Set<string>;
  toggle: (id: string) => void;
}

/** The split's picks for one conversation: opening another one starts afresh. */
export function useSplitSelection(conversationId: string) {
  const [state, setState] = useState<{ of: string; ids: Set<string> } | null>(null);
  const ids = state?.of === conversationId ? state.ids : null;
  const setIds = (fn: Set<string> | null | ((prev: Set<string>) => Set<string>)) =>
    setState((prev) => {
      if (typeof fn !== 'function') return fn ? { of: conversationId, ids: fn } : null;
      return { of: conversationId, ids: fn(prev?.of === conversationId ? prev.ids : new Set()) };
    });
  return {
    active: ids !== null,
    start: () => setIds(new Set()),
    stop: () => setIds(null),
    selection: ids
      ? ({
          ids,
          toggle: (id: string) =>
            setIds((prev) => {
              const next = new Set(prev);
              if (next.has(id)) next.delete(id);
              else next.add(id);
              return next;
            }),
        } satisfies SplitSelection)
      : undefined,
  };
}

const invalidateAll = [CONVERSATIONS_KEY, CONVERSATION_KEY, MESSAGES_KEY];

/**
 * Under the thread while splitting: how many messages are picked, and the button that moves them
 * into a new conversation (POST /conversations/{id}/split) and opens it.
 */
export function SplitBar({
  conversationId,
  messages,
  selection,
  onDone,
}: {
  conversationId: string;
  messages: ServiceMessage[];
  selection: SplitSelection;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const split = useApiMutation({
    mutationFn: () =>
      post<ConversationDetail>(`/conversations/${conversationId}/split`, {
        messageIds: messages.filter((m) => selection.ids.has(m.id)).map((m) => m.id),
      }),
    success: (c) => t('service.merge.splitDone', { number: c.number }),
    invalidate: invalidateAll,
    onSuccess: (c) => {
      onDone();
      navigate(`/inbox/${c.id}`);
    },
  });
  const count = selection.ids.size;
  const all = count > 0 && count >= messages.length;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="split-bar">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t('service.merge.splitHint')}
        </Text>
        {all && (
          <Text size="sm" c="orange" data-testid="split-all">
            {t('service.merge.splitAll')}
          </Text>
        )}
        {split.isError && (
          <Alert color="red" variant="light" p="xs" data-testid="split-error">
            {errorMessage(split.error)}
          </Alert>
        )}
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={500} data-testid="split-count">
            {t('service.merge.selected', { count })}
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={onDone} data-testid="split-cancel">
              {t('service.merge.cancel')}
            </Button>
            <Button
              size="xs"
              disabled={count === 0 || all}
              loading={split.isPending}
              onClick={() => split.mutate()}
              data-testid="split-do"
            >
              {t('service.merge.splitDo')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * Merge into another conversation of the same person: a picker of the person's other conversations
 * that can take messages (not closed, not merged away), a confirmation, then the result opens.
 */
export function MergeModal({ conversation, onClose }: { conversation: ConversationDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const [intoId, setIntoId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const others = useQuery({
    queryKey: [...SERVICE_KEY, 'merge-candidates', conversation.personId],
    queryFn: () => get<Page<Conversation>>('/conversations', { personId: conversation.personId, limit: 100 }),
    select: (p) => p.data.filter((c) => c.id !== conversation.id && c.status !== 'closed' && !c.mergedInto),
  });
  const into = others.data?.find((c) => c.id === intoId);
  const merge = useApiMutation({
    mutationFn: () => post<ConversationDetail>(`/conversations/${conversation.id}/merge`, { intoId }),
    success: (c) => t('service.merge.merged', { number: c.number }),
    invalidate: invalidateAll,
    onSuccess: (c) => {
      onClose();
      navigate(`/inbox/${c.id}`);
    },
  });
  const label = (c: Conversation) =>
    `#${c.number} ${c.subject || t('service.inbox.noSubject')} · ${t(`service.statuses.${c.status}`)} · ${f.dateTime(c.lastMessageAt ?? c.createdAt)}`;
  return (
    <Modal opened onClose={onClose} title={t('service.merge.title')} size="lg">
      <Stack gap="sm" data-testid="merge-modal">
        <Text size="sm">{t('service.merge.text', { number: conversation.number })}</Text>
        {others.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(others.error)}
          </Alert>
        ) : others.data && others.data.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="merge-none">
            {t('service.merge.none')}
          </Text>
        ) : (
          <Select
            label={t('service.merge.pick')}
            data={(others.data ?? []).map((c) => ({ value: c.id, label: label(c) }))}
            value={intoId}
            onChange={(v) => {
              setIntoId(v);
              setConfirming(false);
            }}
            disabled={others.isPending}
            searchable
            comboboxProps={{ withinPortal: true }}
            data-testid="merge-pick"
          />
        )}
        {confirming && into && (
          <Alert color="orange" variant="light" data-testid="merge-confirm-text">
            {t('service.merge.confirmText', { from: conversation.number, into: into.number })}
          </Alert>
        )}
        {merge.isError && (
          <Alert color="red" variant="light" data-testid="merge-error">
            {errorMessage(merge.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {confirming ? (
            <Button color="red" loading={merge.isPending} onClick={() => merge.mutate()} data-testid="merge-confirm">
              {t('service.merge.confirm')}
            </Button>
          ) : (
            <Button disabled={!into} onClick={() => setConfirming(true)} data-testid="merge-next">
              {t('service.merge.confirm')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** A merged conversation keeps answering at its URL: it says where its messages went. */
export function MergedBanner({ intoId }: { intoId: string }) {
  const { t } = useTranslation();
  const into = useConversation(intoId);
  return (
    <Alert color="blue" variant="light" mb="md" data-testid="merged-banner">
      <Group gap="xs">
        <Text size="sm">{t('service.merge.mergedInto', { number: into.data?.number ?? '…' })}</Text>
        <Anchor component={Link} to={`/inbox/${intoId}`} size="sm" data-testid="merged-open">
          {t('service.merge.open')}
        </Anchor>
      </Group>
    </Alert>
  );
}

/** The pane's merge and split buttons (hidden once the conversation was merged away). */
export function MergeSplitActions({
  conversation,
  splitting,
  onSplit,
}: {
  conversation: ConversationDetail;
  splitting: boolean;
  onSplit: () => void;
}) {
  const { t } = useTranslation();
  const [merging, setMerging] = useState(false);
  if (conversation.mergedInto) return null;
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <Button size="xs" variant="default" onClick={() => setMerging(true)} data-testid="merge-open">
          {t('service.merge.merge')}
        </Button>
        <Button size="xs" variant="default" disabled={splitting} onClick={onSplit} data-testid="split-open">
          {t('service.merge.split')}
        </Button>
      </Group>
      {merging && <MergeModal conversation={conversation} onClose={() => setMerging(false)} />}
    </>
  );
}
