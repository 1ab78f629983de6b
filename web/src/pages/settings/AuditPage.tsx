import { ActionIcon, Badge, Card, Group, Select, Table, Text, Tooltip } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { AuditChanges } from '../../components/AuditChanges.tsx';
import { IconChevron, IconHistory, IconRefresh } from '../../components/icons.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { AUDIT_CHANNELS, type AuditEntry } from '../../types.ts';

// The API has no list of entity types or actions; these are the ones written today (an unknown one shows as it is).
const KNOWN_ENTITIES = [
  'activity',
  'api_key',
  'broadcast',
  'cadence',
  'call_script',
  'campaign',
  'channel',
  'company',
  'computed_trait',
  'consent',
  'crm_merge',
  'custom_field',
  'deal',
  'duplicate',
  'event_rule',
  'import',
  'journey',
  'merge',
  'person',
  'pipeline',
  'product',
  'promotion',
  'saved_view',
  'segment',
  'source',
  'subscription_group',
  'template',
  'user',
  'webhook',
  'workspace',
  // The service desk's (its words: web/src/modules/service/i18n and the shell's audit.entities).
  'automation_rule',
  'business_calendar',
  'canned_response',
  'conversation',
  'inbox',
  'macro',
  'routing_rule',
  'service_hold_policy',
  'sla',
  'sla_policy',
  'team',
  'kb_article',
  // Customer experience's (web/src/modules/cx/index.ts).
  'survey',
  'survey_settings',
  'mention_source',
  'mention_alert_rule',
  'mention_alert',
] as const;
type Entity = (typeof KNOWN_ENTITIES)[number];
const isEntity = (e: string): e is Entity => (KNOWN_ENTITIES as readonly string[]).includes(e);
const ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'undone',
  'dismissed',
  'erased',
  'start',
  'finish',
  'reminder',
  'block',
  'rename',
  'upsert',
  'published',
  'paused',
  'resumed',
  'archived',
  'merge',
  'split',
  'warning',
  'breached',
  'raise',
] as const;
type Action = (typeof ACTIONS)[number];
const isAction = (a: string): a is Action => (ACTIONS as readonly string[]).includes(a);
const ACTION_COLORS: Record<string, string> = {
  create: 'teal',
  update: 'blue',
  delete: 'red',
  restore: 'teal',
  undone: 'orange',
  erased: 'red',
  block: 'orange',
  published: 'teal',
  paused: 'orange',
  archived: 'gray',
};

/** The names the server gives its own actors (systemActor's labels) and what they mean. */
const SYSTEM_ACTORS: Record<
  string,
  | 'system'
  | 'reminders'
  | 'demo'
  | 'pbx'
  | 'defaultPipeline'
  | 'cadence'
  | 'cli'
  | 'sla'
  | 'csat'
  | 'bot'
  | 'survey'
  | 'mentionAlerts'
> = {
  system: 'system',
  reminders: 'reminders',
  demo: 'demo',
  pbx: 'pbx',
  'default pipeline': 'defaultPipeline',
  cadence: 'cadence',
  CLI: 'cli',
  // The service desk's SLA breach scan and CSAT surveys (src/service/sla, src/service/csat).
  sla: 'sla',
  csat: 'csat',
  // The desk's bot (src/service/bot), survey waves and follow-ups (src/cx/surveys), mention alerts (src/cx/mentions).
  bot: 'bot',
  survey: 'survey',
  'mention-alerts': 'mentionAlerts',
};

/**
 * Who made a change, in words: the server keeps one string per entry (“Name <email>”, `API key "x"`,
 * `source "x"`, `import file.csv`, `demo`), written in English at the time; the type says how to read it.
 */
function Actor({ e }: { e: AuditEntry }) {
  const { t } = useTranslation();
  const label = e.actorLabel;
  let main = label;
  let sub: string | null = null;
  let m: RegExpExecArray | null;
  if (e.actorType === 'user' && (m = /^(.*) <([^<>]+)>$/.exec(label))) [main, sub] = [m[1]!.trim() || m[2]!, m[2]!];
  else if (e.actorType === 'api_key' && (m = /^API key "(.*)"$/.exec(label)))
    main = t('audit.actors.apiKey', { name: m[1] });
  else if (e.actorType === 'system') {
    if (SYSTEM_ACTORS[label]) main = t(`audit.actors.${SYSTEM_ACTORS[label]}`);
    else if ((m = /^source "(.*)"$/.exec(label))) main = t('audit.actors.source', { name: m[1] });
    else if ((m = /^import (.+)$/.exec(label))) main = t('audit.actors.import', { file: m[1] });
    // The service desk's rules act as themselves (src/service/automation.ts, routing.ts).
    else if ((m = /^automation: (.+)$/.exec(label))) main = t('audit.actors.automation', { name: m[1] });
    else if ((m = /^routing: (.+)$/.exec(label))) main = t('audit.actors.routing', { name: m[1] });
  }
  return (
    <div data-testid="audit-actor" data-actor-type={e.actorType} title={label}>
      <Text size="sm" truncate>
        {main}
      </Text>
      {sub && sub !== main && (
        <Text size="xs" c="dimmed" truncate>
          {sub}
        </Text>
      )}
    </div>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  // The filters live in the address (a filtered log can be shared, the back button restores it).
  const [params, setParams] = useSearchParams();
  const entityType = params.get('entity') ?? '';
  const action = params.get('action') ?? '';
  const channel = params.get('channel');
  const actorId = params.get('user');
  const setParam = (k: string, v: string | null) =>
    setParams(
      (p) => {
        if (v) p.set(k, v);
        else p.delete(k);
        return p;
      },
      { replace: true },
    );
  const [open, setOpen] = useState<Set<string>>(new Set());
  // Who made the change: the workspace's members, typed into (a team has more than ten).
  const members = useQuery({
    queryKey: ['audit', 'members'],
    queryFn: () => get<ResponseOf<'listUsers'>>('/users').then((r) => r.data),
    enabled: can('settings:read'),
    staleTime: 60_000,
  });

  const q = useInfiniteQuery({
    queryKey: ['audit', entityType, action, channel, actorId],
    queryFn: ({ pageParam }) =>
      get<ResponseOf<'listAuditEntries'>>('/audit', {
        entityType,
        action,
        channel,
        actorId,
        cursor: pageParam,
        limit: 50,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = !!(entityType || action || channel || actorId);
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <>
      <PageHeader
        title={t('nav.settings.audit')}
        description={t('audit.description')}
        actions={
          <Tooltip label={t('common.refresh')}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => void q.refetch()}
              loading={q.isRefetching}
              aria-label={t('common.refresh')}
              data-testid="audit-refresh"
            >
              <IconRefresh />
            </ActionIcon>
          </Tooltip>
        }
      />
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={t('audit.entityType')}
          placeholder={t('audit.any')}
          data={KNOWN_ENTITIES.map((x) => ({ value: x, label: t(`audit.entities.${x}`) })).sort((a, b) =>
            a.label.localeCompare(b.label),
          )}
          value={entityType || null}
          onChange={(v) => setParam('entity', v)}
          searchable
          clearable
          w={220}
          data-testid="audit-entity-filter"
        />
        <Select
          label={t('audit.action')}
          placeholder={t('audit.any')}
          data={ACTIONS.map((x) => ({ value: x, label: t(`audit.actions.${x}`) }))}
          value={action || null}
          onChange={(v) => setParam('action', v)}
          searchable
          clearable
          w={200}
          data-testid="audit-action-filter"
        />
        <Select
          label={t('audit.channel')}
          placeholder={t('audit.any')}
          data={AUDIT_CHANNELS.map((c) => ({ value: c, label: t(`audit.channels.${c}`) }))}
          value={channel}
          onChange={(v) => setParam('channel', v)}
          clearable
          w={180}
          data-testid="audit-channel-filter"
        />
        {can('settings:read') && (
          <Select
            label={t('audit.who')}
            placeholder={t('audit.any')}
            data={(members.data ?? [])
              .map((m) => ({ value: m.id, label: m.name || m.email }))
              .sort((a, b) => a.label.localeCompare(b.label))}
            value={actorId}
            onChange={(v) => setParam('user', v)}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            w={240}
            data-testid="audit-user-filter"
          />
        )}
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty icon={<IconHistory size={28} />} title={filtered ? t('audit.emptyFiltered') : t('audit.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36} />
                  <Table.Th>{t('audit.when')}</Table.Th>
                  <Table.Th>{t('audit.who')}</Table.Th>
                  <Table.Th>{t('audit.channel')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.entity')}</Table.Th>
                  <Table.Th ta="right">{t('audit.changes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => {
                  const expanded = open.has(e.id);
                  return (
                    <Fragment key={e.id}>
                      <Table.Tr
                        className="kt-clickable"
                        onClick={() => toggle(e.id)}
                        data-testid={`audit-row-${e.id}`}
                        aria-expanded={expanded}
                      >
                        <Table.Td>
                          <IconChevron
                            size={14}
                            style={{ transform: expanded ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }}
                          />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Text size="sm">{f.precise(e.occurredAt)}</Text>
                        </Table.Td>
                        <Table.Td maw={280}>
                          <Actor e={e} />
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="outline" color="gray">
                            {AUDIT_CHANNELS.includes(e.channel as (typeof AUDIT_CHANNELS)[number])
                              ? t(`audit.channels.${e.channel as (typeof AUDIT_CHANNELS)[number]}`)
                              : e.channel}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={ACTION_COLORS[e.action] ?? 'gray'} title={e.action}>
                            {isAction(e.action) ? t(`audit.actions.${e.action}`) : e.action}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" title={e.entityType} data-testid="audit-entity-type" data-type={e.entityType}>
                            {isEntity(e.entityType) ? t(`audit.entities.${e.entityType}`) : e.entityType}
                          </Text>
                          <Text size="xs" c="dimmed" className="kt-mono">
                            {e.entityId}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">{e.changes.length}</Table.Td>
                      </Table.Tr>
                      {expanded && (
                        <Table.Tr>
                          <Table.Td colSpan={7} bg="var(--mantine-color-gray-0)">
                            <AuditChanges changes={e.changes} />
                            {e.requestId && (
                              <Text size="xs" c="dimmed" mt={6}>
                                {t('audit.requestId')}: <span className="kt-mono">{e.requestId}</span>
                              </Text>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Card>
      )}
    </>
  );
}
