import { Anchor, Button, Card, Group, SegmentedControl, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, get } from '../../../api.ts';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import {
  type Conversation,
  CONVERSATION_STATUSES,
  type ConversationFilter,
  OPEN_STATUSES,
  PRIORITIES,
  SERVICE_CHANNELS,
  SERVICE_KEY,
  slaBreached,
  slaOf,
  useConversations,
  useInboxes,
  useMembers,
  useTeams,
} from '../api.ts';
import { ChannelBadge, PriorityBadge, StatusBadge } from '../components/Badges.tsx';
import type { PersonDetail } from '../components/PersonCard.tsx';
import { ServiceTabs } from '../components/ServiceTabs.tsx';
import { NewTicketModal } from '../components/NewTicketModal.tsx';

/** Saved views: a named set of filters. `breaching`: past an SLA target, or near one (the server's `sla` filter). */
export const VIEWS = ['mine', 'unassigned', 'allOpen', 'breaching', 'all'] as const;
export type View = (typeof VIEWS)[number];
const SORTS = ['-lastMessageAt', 'lastMessageAt', '-createdAt', '-priority'] as const;
const sortKey = (s: string) =>
  (s.startsWith('-') ? `${s.slice(1)}Desc` : `${s}Asc`) as
    | 'lastMessageAtDesc'
    | 'lastMessageAtAsc'
    | 'createdAtDesc'
    | 'priorityDesc';

const OPEN = OPEN_STATUSES.join(',');
/** The display name the list item carries (null: none known, so the person is looked up for an email or phone). */
const personNameOf = (c: Conversation) => c.personName || null;

/**
 * /inbox — the conversations (tickets) of every channel: saved views on the left (my open, unassigned,
 * all open, breaching SLA, everything), filters and search above the list (all kept in the address),
 * pages by cursor. Live: a new conversation or message refreshes the list (the socket, LiveMark in
 * the tabs). No totals are shown: the API gives pages, not counts.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'mine';
  const param = (k: string) => params.get(k) ?? undefined;
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 300);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) set('q', q || null);
  }, [q]);

  const assigneeParam = param('assignee') ?? (view === 'mine' ? 'me' : view === 'unassigned' ? 'none' : 'all');
  const filter: ConversationFilter = {
    status: param('status') ?? (view === 'all' ? undefined : OPEN),
    assigneeId: assigneeParam === 'me' ? (me.user?.id ?? '') : assigneeParam === 'none' ? 'none' : undefined,
    teamId: param('teamId'),
    inboxId: param('inboxId'),
    priority: param('priority'),
    channel: param('channel'),
    q: q || undefined,
    sort: param('sort') ?? (view === 'breaching' ? '-priority' : '-lastMessageAt'),
    sla: view === 'breaching' ? (param('sla') === 'breaching' ? 'breaching' : 'breached') : undefined,
  };
  const list = useConversations(filter);
  const inboxes = useInboxes();
  const teams = useTeams();
  const members = useMembers();
  const all = list.data?.pages.flatMap((p) => p.data) ?? [];
  const rows = all;
  const narrowed = ['status', 'teamId', 'inboxId', 'priority', 'channel', 'assignee'].some((k) => params.get(k)) || !!q;

  // The list names each row's person; only a nameless one is looked up for an email or phone to show
  // (shared cache with the conversation pane's card).
  const personIds = useMemo(() => [...new Set(rows.filter((c) => !personNameOf(c)).map((c) => c.personId))], [rows]);
  const people = useQueries({
    queries: personIds.map((id) => ({
      queryKey: [...SERVICE_KEY, 'person', id],
      queryFn: async () => {
        try {
          return await get<PersonDetail>(`/people/${id}`);
        } catch (e) {
          if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
          throw e;
        }
      },
      staleTime: 60_000,
    })),
  });
  const nameOf = new Map(
    personIds.map((id, i) => {
      const p = people[i]?.data;
      return [id, p ? p.name || p.emails[0] || p.phones[0] || null : null] as const;
    }),
  );
  const memberName = (id: string | null) => (id ? (members.data?.find((m) => m.id === id)?.name ?? '—') : null);

  const [newTicket, setNewTicket] = useState(false);
  const chooseView = (v: View) => {
    const next = new URLSearchParams();
    next.set('view', v);
    if (params.get('q')) next.set('q', params.get('q')!);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('nav.inbox')}
        description={t('service.inbox.intro')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setNewTicket(true)} data-testid="new-ticket-open">
            {t('service.newTicket.open')}
          </Button>
        }
      />
      <NewTicketModal opened={newTicket} onClose={() => setNewTicket(false)} />
      <ServiceTabs />
      <Tabs variant="pills" value={view} onChange={(v) => v && chooseView(v as View)} mb="sm" data-testid="inbox-views">
        <Tabs.List>
          {VIEWS.map((v) => (
            <Tabs.Tab key={v} value={v} data-testid={`view-${v}`}>
              {t(`service.views.${v}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Stack gap="sm">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <SearchInput
            w={240}
            value={text}
            onChange={setText}
            placeholder={t('service.inbox.search')}
            data-testid="inbox-search"
          />
          <Select
            w={150}
            aria-label={t('service.fields.status')}
            placeholder={t('service.fields.status')}
            data={[
              { value: OPEN, label: t('service.inbox.anyOpen') },
              ...CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`service.statuses.${s}`) })),
            ]}
            value={param('status') ?? null}
            onChange={(v) => set('status', v)}
            clearable
            data-testid="filter-status"
          />
          <Select
            w={150}
            aria-label={t('service.fields.assignee')}
            placeholder={t('service.fields.assignee')}
            data={[
              { value: 'me', label: t('service.inbox.assigneeMe') },
              { value: 'none', label: t('service.inbox.unassigned') },
              { value: 'all', label: t('service.inbox.assigneeAll') },
            ]}
            value={param('assignee') ?? null}
            onChange={(v) => set('assignee', v)}
            clearable
            data-testid="filter-assignee"
          />
          <Select
            w={150}
            aria-label={t('service.fields.team')}
            placeholder={t('service.fields.team')}
            data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={param('teamId') ?? null}
            onChange={(v) => set('teamId', v)}
            clearable
            data-testid="filter-team"
          />
          <Select
            w={150}
            aria-label={t('service.fields.inbox')}
            placeholder={t('service.fields.inbox')}
            data={(inboxes.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={param('inboxId') ?? null}
            onChange={(v) => set('inboxId', v)}
            clearable
            data-testid="filter-inbox"
          />
          <Select
            w={130}
            aria-label={t('service.fields.priority')}
            placeholder={t('service.fields.priority')}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
            value={param('priority') ?? null}
            onChange={(v) => set('priority', v)}
            clearable
            data-testid="filter-priority"
          />
          <Select
            w={140}
            aria-label={t('service.fields.channel')}
            placeholder={t('service.fields.channel')}
            data={SERVICE_CHANNELS.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))}
            value={param('channel') ?? null}
            onChange={(v) => set('channel', v)}
            clearable
            data-testid="filter-channel"
          />
          <Select
            w={240}
            aria-label={t('service.inbox.sort')}
            data={SORTS.map((s) => ({ value: s, label: t(`service.inbox.sorts.${sortKey(s)}`) }))}
            value={filter.sort ?? '-lastMessageAt'}
            onChange={(v) => set('sort', v)}
            allowDeselect={false}
            data-testid="inbox-sort"
          />
        </Group>
        {view === 'breaching' && (
          <Group gap="sm" wrap="nowrap">
            <SegmentedControl
              size="xs"
              value={filter.sla ?? 'breached'}
              onChange={(v) => set('sla', v === 'breaching' ? v : null)}
              data={[
                { value: 'breached', label: t('service.slaView.breached') },
                { value: 'breaching', label: t('service.slaView.breaching') },
              ]}
              data-testid="sla-filter"
            />
            <Text size="xs" c="dimmed" data-testid="breaching-note">
              {filter.sla === 'breaching' ? t('service.slaView.breachingNote') : t('service.inbox.breachingNote')}
            </Text>
          </Group>
        )}
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 && !list.hasNextPage ? (
          <Empty
            testId="inbox-empty"
            title={narrowed ? t('service.inbox.emptyFiltered') : t(`service.inbox.empty.${view}`)}
            description={narrowed ? undefined : t('service.inbox.emptyHint')}
            action={
              narrowed ? (
                <Button variant="light" onClick={() => chooseView(view)} data-testid="inbox-clear-filters">
                  {t('service.inbox.clearFilters')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <>
            <Card withBorder padding={0}>
              <Table.ScrollContainer minWidth={820}>
                <Table highlightOnHover verticalSpacing="xs" data-testid="inbox-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={70}>{t('service.inbox.columns.number')}</Table.Th>
                      <Table.Th>{t('service.inbox.columns.subject')}</Table.Th>
                      <Table.Th>{t('service.inbox.columns.status')}</Table.Th>
                      <Table.Th>{t('service.inbox.columns.assignee')}</Table.Th>
                      <Table.Th>{t('service.inbox.columns.sla')}</Table.Th>
                      <Table.Th>{t('service.inbox.columns.lastMessage')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((c) => {
                      const breached = slaBreached(c);
                      const sla = slaOf(c);
                      const who = personNameOf(c) ?? nameOf.get(c.personId) ?? null;
                      return (
                        <Table.Tr
                          key={c.id}
                          style={{ cursor: 'pointer' }}
                          onClick={() => navigate(`/inbox/${c.id}`)}
                          data-testid="conversation-row"
                          data-id={c.id}
                          data-number={c.number}
                          data-status={c.status}
                        >
                          <Table.Td>
                            <Anchor
                              component={Link}
                              to={`/inbox/${c.id}`}
                              size="sm"
                              onClick={(e) => e.stopPropagation()}
                            >
                              #{c.number}
                            </Anchor>
                          </Table.Td>
                          <Table.Td maw={360}>
                            <Text
                              size="sm"
                              fw={500}
                              truncate="end"
                              title={c.subject ?? undefined}
                              data-testid="row-subject"
                            >
                              {c.subject || t('service.inbox.noSubject')}
                            </Text>
                            <Group gap={6} wrap="nowrap">
                              <ChannelBadge channel={c.channel} />
                              <Text
                                size="xs"
                                c="dimmed"
                                truncate="end"
                                title={who ?? undefined}
                                data-testid="row-person"
                              >
                                {who ?? t('service.person.anonymous')}
                              </Text>
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              <StatusBadge status={c.status} />
                              <PriorityBadge priority={c.priority} />
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" c={c.assigneeId ? undefined : 'dimmed'} truncate="end" maw={160}>
                              {memberName(c.assigneeId) ?? t('service.inbox.unassigned')}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {breached ? (
                              <Text size="sm" c="red" fw={600} data-testid="row-sla-breached">
                                {t('service.inbox.slaBreached')}
                              </Text>
                            ) : sla?.state === 'paused' ? (
                              <Text size="sm" c="dimmed">
                                {t('service.inbox.slaPaused')}
                              </Text>
                            ) : sla?.dueAt ? (
                              <Text
                                size="sm"
                                c={sla.state === 'warning' ? 'orange' : 'dimmed'}
                                fw={sla.state === 'warning' ? 600 : undefined}
                                title={t(`service.sla.metrics.${sla.metric as 'resolution'}`, {
                                  defaultValue: sla.metric,
                                })}
                                data-testid="row-sla-due"
                              >
                                {f.dateTime(sla.dueAt)}
                              </Text>
                            ) : (
                              <Text size="sm" c="dimmed">
                                —
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" c="dimmed">
                              {f.dateTime(c.lastMessageAt ?? c.createdAt ?? null)}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
            <LoadMore
              hasMore={!!list.hasNextPage}
              loading={list.isFetchingNextPage}
              onLoad={() => void list.fetchNextPage()}
            />
          </>
        )}
      </Stack>
    </>
  );
}
