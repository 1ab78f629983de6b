import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, post } from '../../../api.ts';
import type { ItemOf } from '../../../api/contract.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CONVERSATIONS_KEY, type ConversationDetail, PRIORITIES, type Priority, useMembers } from '../api.ts';

type PersonRow = ItemOf<'listPeople'>;
const personLabel = (r: PersonRow) => {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  const contact = r.emails[0] || r.phones[0];
  return [name, contact].filter(Boolean).join(' · ') || `${r.id.slice(0, 8)}…`;
};

/** The client of the ticket: a search over GET /people (name, email, phone); the chosen one stays listed. */
function ClientPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search, 250);
  const list = useQuery({
    queryKey: ['service', 'new-ticket-people', q],
    queryFn: () => get<{ data: PersonRow[] }>('/people', { q: q || undefined, limit: 20 }).then((r) => r.data),
    staleTime: 10_000,
  });
  const data = useMemo(() => {
    const opts = (list.data ?? []).map((r) => ({ value: r.id, label: personLabel(r) }));
    if (chosen && chosen.value === value && !opts.some((o) => o.value === chosen.value)) opts.unshift(chosen);
    return opts;
  }, [list.data, chosen, value]);
  return (
    <Select
      label={t('service.newTicket.client')}
      placeholder={t('service.newTicket.clientSearch')}
      required
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id, opt) => {
        setChosen(id && opt ? { value: id, label: opt.label } : null);
        onChange(id);
      }}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.nothingFound')}
      data-testid="new-ticket-person"
    />
  );
}

/**
 * "New ticket" (POST /conversations): a ticket opened for a client who did not write — a call, a
 * visit, a survey answer. It starts with an internal note (never sent); replies go out on the
 * channel the server picks (the client's latest conversation, else one they can be reached on).
 * Without an assignee the desk's routing takes it. The new ticket opens.
 */
export function NewTicketModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const members = useMembers();
  const [personId, setPersonId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const reset = () => {
    setPersonId(null);
    setSubject('');
    setPriority('normal');
    setAssigneeId(null);
    setNote('');
  };
  const create = useApiMutation({
    mutationFn: () =>
      post<ConversationDetail>('/conversations', {
        personId,
        subject: subject.trim(),
        priority,
        ...(assigneeId ? { assigneeId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    success: (c) => t('service.newTicket.created', { number: c.number }),
    invalidate: [CONVERSATIONS_KEY],
    onSuccess: (c) => {
      reset();
      onClose();
      navigate(`/inbox/${c.id}`);
    },
  });
  const ready = !!personId && !!subject.trim();
  return (
    <Modal opened={opened} onClose={onClose} title={t('service.newTicket.title')} size="lg" data-testid="new-ticket">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) create.mutate();
        }}
      >
        <Stack gap="sm">
          <ClientPicker value={personId} onChange={setPersonId} />
          <TextInput
            label={t('service.newTicket.subject')}
            required
            maxLength={300}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            data-testid="new-ticket-subject"
          />
          <Group grow align="flex-start">
            <Select
              label={t('service.newTicket.priority')}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
              value={priority}
              allowDeselect={false}
              onChange={(v) => v && setPriority(v as Priority)}
              data-testid="new-ticket-priority"
            />
            <Select
              label={t('service.newTicket.assignee')}
              placeholder={t('service.newTicket.routing')}
              clearable
              searchable
              data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))}
              value={assigneeId}
              onChange={setAssigneeId}
              data-testid="new-ticket-assignee"
            />
          </Group>
          <Textarea
            label={t('service.newTicket.note')}
            description={t('service.newTicket.noteHint')}
            autosize
            minRows={3}
            maxRows={10}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="new-ticket-note"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('service.newTicket.cancel')}
            </Button>
            <Button type="submit" disabled={!ready} loading={create.isPending} data-testid="new-ticket-create">
              {t('service.newTicket.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
