import { Card, Select, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import {
  CONVERSATION_KEY,
  CONVERSATION_STATUSES,
  CONVERSATIONS_KEY,
  type ConversationDetail,
  type Member,
  MESSAGES_KEY,
  PRIORITIES,
  useTeams,
} from '../api.ts';

/** The ticket's fields beside the thread: each change is saved at once (PATCH /conversations/{id}). */
export function TicketFields({
  conversation: c,
  members,
  canWrite,
}: {
  conversation: ConversationDetail;
  members: Member[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [topic, setTopic] = useState(c.topic ?? '');
  useEffect(() => setTopic(c.topic ?? ''), [c.topic]);
  const save = useApiMutation({
    mutationFn: (body: Record<string, unknown>) => patch(`/conversations/${c.id}`, body),
    success: () => t('service.conversation.updated'),
    invalidate: [[...CONVERSATION_KEY, c.id], [...MESSAGES_KEY, c.id], CONVERSATIONS_KEY],
  });
  const ro = !canWrite;
  return (
    <Card withBorder padding="md" data-testid="ticket-fields">
      <Title order={5} mb="sm">
        {t('service.conversation.ticket')}
      </Title>
      <Stack gap="xs">
        <Select
          size="xs"
          label={t('service.fields.status')}
          data={CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`service.statuses.${s}`) }))}
          value={c.status}
          allowDeselect={false}
          readOnly={ro}
          onChange={(v) => v && v !== c.status && save.mutate({ status: v })}
          data-testid="field-status"
        />
        <Select
          size="xs"
          label={t('service.fields.priority')}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
          value={c.priority}
          allowDeselect={false}
          readOnly={ro}
          onChange={(v) => v && v !== c.priority && save.mutate({ priority: v })}
          data-testid="field-priority"
        />
        <Select
          size="xs"
          label={t('service.fields.assignee')}
          placeholder={t('service.inbox.unassigned')}
          data={members.map((m) => ({ value: m.id, label: m.name }))}
          value={c.assigneeId}
          clearable
          searchable
          readOnly={ro}
          onChange={(v) => v !== c.assigneeId && save.mutate({ assigneeId: v })}
          data-testid="field-assignee"
        />
        <Select
          size="xs"
          label={t('service.fields.team')}
          placeholder={t('service.inbox.noTeam')}
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={c.teamId}
          clearable
          readOnly={ro}
          onChange={(v) => v !== c.teamId && save.mutate({ teamId: v })}
          data-testid="field-team"
        />
        <TextInput
          size="xs"
          label={t('service.fields.topic')}
          value={topic}
          readOnly={ro}
          onChange={(e) => setTopic(e.currentTarget.value)}
          onBlur={() => topic !== (c.topic ?? '') && save.mutate({ topic: topic || null })}
          data-testid="field-topic"
        />
        <TagsInput
          size="xs"
          label={t('service.fields.tags')}
          value={c.tags}
          readOnly={ro}
          onChange={(v) => save.mutate({ tags: v })}
          data-testid="field-tags"
        />
      </Stack>
    </Card>
  );
}
