import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, Stack, Table, Tabs, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { del, post } from '../../../api.ts';
import {
  CATALOGUE_EVENTS_KEY,
  CATALOGUE_TRAITS_KEY,
  EVENT_RULES_KEY,
  fetchCatalogueEvents,
  fetchCatalogueTraits,
  fetchEventRules,
  builtinEventLabel,
  type CatalogueEvent,
  type EventRule,
  type PropertyStat,
} from '../components/catalogue.ts';
import { EventTypeBadge } from '../components/EventTypeBadge.tsx';
import { RenameEventModal } from '../components/RenameEventModal.tsx';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import {
  IconChevron,
  IconChevronDown,
  IconDatabase,
  IconDots,
  IconPulse,
  IconRefresh,
  IconUser,
} from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';

const TABS = ['events', 'traits', 'rules'] as const;
type Tab = (typeof TABS)[number];

/** JSON types as a row of small badges: "string · 12". */
function TypeBadges({ types }: { types: PropertyStat['types'] }) {
  return (
    <Group gap={4}>
      {types.map((ty) => (
        <Badge key={ty.type} variant="outline" color="gray" tt="none" size="sm" data-testid={`prop-type-${ty.type}`}>
          {ty.type} · {ty.count}
        </Badge>
      ))}
    </Group>
  );
}

function PropertyTable({ props, testId, countLabel }: { props: PropertyStat[]; testId: string; countLabel: string }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing={4} fz="sm" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('catalogue.property')}</Table.Th>
          <Table.Th>{t('catalogue.types')}</Table.Th>
          <Table.Th ta="right">{countLabel}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.map((p) => (
          <Table.Tr key={p.name} data-testid="prop-row" data-name={p.name}>
            <Table.Td className="kt-mono" style={{ wordBreak: 'break-all' }}>
              {p.name}
            </Table.Td>
            <Table.Td>
              <TypeBadges types={p.types} />
            </Table.Td>
            <Table.Td ta="right">{p.count}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RuleBadge({ rule }: { rule: EventRule }) {
  const { t } = useTranslation();
  return rule.action === 'block' ? (
    <Badge color="red" variant="light" tt="none" data-testid="event-rule-badge" data-action="block">
      {t('catalogue.blockedBadge')}
    </Badge>
  ) : (
    <Tooltip label={t('catalogue.renamedTooltip', { to: rule.renameTo })}>
      <Badge color="orange" variant="light" tt="none" data-testid="event-rule-badge" data-action="rename" maw={220}>
        → {rule.renameTo}
      </Badge>
    </Tooltip>
  );
}

function EventRows({
  e,
  rule,
  renamedFrom,
  open,
  onToggle,
  writable,
  onBlock,
  onRename,
  onDeleteRule,
}: {
  e: CatalogueEvent;
  rule: EventRule | undefined;
  renamedFrom: string[];
  open: boolean;
  onToggle: () => void;
  writable: boolean;
  onBlock: () => void;
  onRename: () => void;
  onDeleteRule: (r: EventRule) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const rulable = e.type === 'track' && !!e.event;
  return (
    <Fragment>
      <Table.Tr
        className="kt-clickable"
        onClick={onToggle}
        data-testid="catalogue-event-row"
        data-type={e.type}
        data-event={e.event ?? ''}
        aria-expanded={open}
      >
        <Table.Td w={28} c="dimmed">
          {open ? <IconChevronDown size={14} /> : <IconChevron size={14} />}
        </Table.Td>
        <Table.Td maw={320}>
          <Group gap={6} wrap="nowrap">
            {builtinEventLabel(t, e.event) ? (
              // An event the CRM records: named in words, its code beside it (rules and the API use the code).
              <Text size="sm" fw={500} truncate data-testid="catalogue-event-name">
                {builtinEventLabel(t, e.event)}{' '}
                <Text span size="xs" c="dimmed" className="kt-mono">
                  {e.event}
                </Text>
              </Text>
            ) : (
              <Text
                size="sm"
                fw={e.event ? 500 : undefined}
                c={e.event ? undefined : 'dimmed'}
                truncate
                data-testid="catalogue-event-name"
              >
                {e.event ?? t('catalogue.noName')}
              </Text>
            )}
            {rule && <RuleBadge rule={rule} />}
          </Group>
          {renamedFrom.length > 0 && (
            <Text size="xs" c="dimmed" truncate>
              {t('catalogue.renamedFrom', { names: renamedFrom.join(', ') })}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <EventTypeBadge type={e.type} />
        </Table.Td>
        <Table.Td ta="right" data-testid="catalogue-event-count">
          {e.count}
        </Table.Td>
        <Table.Td>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {f.dateTime(e.firstSeen)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {f.dateTime(e.lastSeen)}
          </Text>
        </Table.Td>
        <Table.Td maw={220}>
          <Group gap={4}>
            {e.sources.map((s) => (
              <Badge key={s.id} variant="default" tt="none" size="sm" maw={200}>
                {s.name ?? t('liveEvents.deletedSource')}
              </Badge>
            ))}
          </Group>
        </Table.Td>
        <Table.Td w={48} onClick={(ev) => ev.stopPropagation()}>
          {writable && rulable && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('common.actions')}
                  data-testid={`catalogue-menu-${e.event}`}
                >
                  <IconDots />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {rule ? (
                  <Menu.Item color="red" onClick={() => onDeleteRule(rule)} data-testid="catalogue-delete-rule">
                    {t('catalogue.deleteRule')}
                  </Menu.Item>
                ) : (
                  <>
                    <Menu.Item onClick={onRename} data-testid="catalogue-rename">
                      {t('catalogue.renameAction')}
                    </Menu.Item>
                    <Menu.Item color="red" onClick={onBlock} data-testid="catalogue-block">
                      {t('catalogue.block')}
                    </Menu.Item>
                  </>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={8} bg="var(--mantine-color-gray-0)" data-testid="catalogue-event-details">
            {e.properties.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="catalogue-no-properties">
                {t('catalogue.noProperties')}
              </Text>
            ) : (
              <Stack gap={4}>
                <PropertyTable
                  props={e.properties}
                  testId="catalogue-properties"
                  countLabel={t('catalogue.inEvents')}
                />
                <Text size="xs" c="dimmed">
                  {t('catalogue.sampled', { n: e.sampled })}
                </Text>
              </Stack>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

function EventsTab({ rules }: { rules: EventRule[] }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const writable = can('cdp:write');
  const q = useQuery({ queryKey: CATALOGUE_EVENTS_KEY, queryFn: fetchCatalogueEvents });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [renaming, setRenaming] = useState<string | null>(null);
  const [blocking, setBlocking] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<EventRule | null>(null);
  const byEvent = new Map(rules.map((r) => [r.event, r]));
  const renamedInto = new Map<string, string[]>();
  for (const r of rules)
    if (r.action === 'rename' && r.renameTo)
      renamedInto.set(r.renameTo, [...(renamedInto.get(r.renameTo) ?? []), r.event]);

  const block = useApiMutation({
    mutationFn: (event: string) => post<EventRule>('/event-rules', { event, action: 'block' }),
    success: (r) => t('catalogue.blocked', { event: r.event }),
    invalidate: [EVENT_RULES_KEY],
    onSuccess: () => setBlocking(null),
  });
  const removeRule = useApiMutation({
    mutationFn: (r: EventRule) => del(`/event-rules/${r.id}`),
    success: (_, r) => t('catalogue.ruleDeleted', { event: r.event }),
    invalidate: [EVENT_RULES_KEY],
    onSuccess: () => setDeleting(null),
  });

  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const events = q.data.data;
  if (events.length === 0)
    return (
      <Empty
        testId="catalogue-empty"
        icon={<IconPulse size={28} />}
        title={t('catalogue.empty')}
        description={t('catalogue.emptyText')}
      />
    );
  const keyOf = (e: CatalogueEvent) => `${e.type}\u0000${e.event ?? ''}`;

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          {t('catalogue.eventsNote', { n: q.data.sampleSize })}
        </Text>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconRefresh size={14} />}
          loading={q.isFetching}
          onClick={() => void q.refetch()}
          data-testid="catalogue-refresh"
        >
          {t('common.refresh')}
        </Button>
      </Group>
      <Card withBorder padding={0}>
        <Table.ScrollContainer type="native" minWidth={900}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="catalogue-events-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('catalogue.name')}</Table.Th>
                <Table.Th>{t('catalogue.type')}</Table.Th>
                <Table.Th ta="right">{t('catalogue.count')}</Table.Th>
                <Table.Th>{t('catalogue.firstSeen')}</Table.Th>
                <Table.Th>{t('catalogue.lastSeen')}</Table.Th>
                <Table.Th>{t('catalogue.sources')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => {
                const k = keyOf(e);
                const rulable = e.type === 'track' && !!e.event;
                return (
                  <EventRows
                    key={k}
                    e={e}
                    rule={rulable ? byEvent.get(e.event!) : undefined}
                    renamedFrom={rulable ? (renamedInto.get(e.event!) ?? []) : []}
                    open={open.has(k)}
                    writable={writable}
                    onToggle={() =>
                      setOpen((prev) => {
                        const next = new Set(prev);
                        if (next.has(k)) next.delete(k);
                        else next.add(k);
                        return next;
                      })
                    }
                    onBlock={() => setBlocking(e.event)}
                    onRename={() => setRenaming(e.event)}
                    onDeleteRule={setDeleting}
                  />
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <RenameEventModal event={renaming} onClose={() => setRenaming(null)} />
      <ConfirmModal
        opened={!!blocking}
        title={t('catalogue.blockTitle', { event: blocking ?? '' })}
        message={t('catalogue.blockText')}
        confirmLabel={t('catalogue.block')}
        loading={block.isPending}
        onConfirm={() => blocking && block.mutate(blocking)}
        onClose={() => setBlocking(null)}
      />
      <DeleteRuleModal
        rule={deleting}
        loading={removeRule.isPending}
        onConfirm={(r) => removeRule.mutate(r)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function DeleteRuleModal({
  rule,
  loading,
  onConfirm,
  onClose,
}: {
  rule: EventRule | null;
  loading: boolean;
  onConfirm: (r: EventRule) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmModal
      opened={!!rule}
      title={t('catalogue.deleteRuleTitle', { event: rule?.event ?? '' })}
      message={
        rule?.action === 'block'
          ? t('catalogue.deleteBlockText')
          : t('catalogue.deleteRenameText', { to: rule?.renameTo ?? '' })
      }
      confirmLabel={t('catalogue.deleteRule')}
      loading={loading}
      onConfirm={() => rule && onConfirm(rule)}
      onClose={onClose}
    />
  );
}

function TraitsTab() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: CATALOGUE_TRAITS_KEY, queryFn: fetchCatalogueTraits });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.data.length === 0)
    return (
      <Empty
        testId="catalogue-traits-empty"
        icon={<IconUser size={28} />}
        title={t('catalogue.noTraits')}
        description={t('catalogue.noTraitsText')}
      />
    );
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('catalogue.traitsNote', { count: q.data.persons })}
      </Text>
      <Card withBorder padding="sm">
        <PropertyTable props={q.data.data} testId="catalogue-traits-table" countLabel={t('catalogue.inPersons')} />
      </Card>
    </Stack>
  );
}

function RulesTab({ q }: { q: ReturnType<typeof useRulesQuery> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const [deleting, setDeleting] = useState<EventRule | null>(null);
  const remove = useApiMutation({
    mutationFn: (r: EventRule) => del(`/event-rules/${r.id}`),
    success: (_, r) => t('catalogue.ruleDeleted', { event: r.event }),
    invalidate: [EVENT_RULES_KEY],
    onSuccess: () => setDeleting(null),
  });
  const explain = (
    <Alert variant="light" color="blue" data-testid="rules-explain">
      {t('catalogue.rulesExplain')}
    </Alert>
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const rules = q.data.data;
  return (
    <Stack gap="sm">
      {explain}
      {rules.length === 0 ? (
        <Empty
          testId="rules-empty"
          icon={<IconDatabase size={28} />}
          title={t('catalogue.noRules')}
          description={t('catalogue.noRulesText')}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer type="native" minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="rules-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('catalogue.ruleEvent')}</Table.Th>
                  <Table.Th>{t('catalogue.ruleAction')}</Table.Th>
                  <Table.Th>{t('catalogue.renameTo')}</Table.Th>
                  <Table.Th>{t('catalogue.ruleCreated')}</Table.Th>
                  <Table.Th w={100} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.map((r) => (
                  <Table.Tr key={r.id} data-testid="rule-row" data-event={r.event}>
                    <Table.Td>
                      <Text size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
                        {r.event}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={r.action === 'block' ? 'red' : 'orange'} variant="light">
                        {t(`catalogue.actions.${r.action}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ wordBreak: 'break-word' }}>
                        {r.renameTo ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.dateTime(r.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {can('cdp:write') && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => setDeleting(r)}
                          data-testid="rule-delete"
                        >
                          {t('common.delete')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <DeleteRuleModal
        rule={deleting}
        loading={remove.isPending}
        onConfirm={(r) => remove.mutate(r)}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

const useRulesQuery = () => useQuery({ queryKey: EVENT_RULES_KEY, queryFn: fetchEventRules });

export function CataloguePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = TABS.includes(raw as Tab) ? (raw as Tab) : 'events';
  const rules = useRulesQuery();
  const setTab = (v: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (v && v !== 'events') next.set('tab', v);
        else next.delete('tab');
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('nav.data.catalogue')} description={t('catalogue.description')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="events" data-testid="catalogue-tab-events">
            {t('catalogue.tabs.events')}
          </Tabs.Tab>
          <Tabs.Tab value="traits" data-testid="catalogue-tab-traits">
            {t('catalogue.tabs.traits')}
          </Tabs.Tab>
          <Tabs.Tab
            value="rules"
            data-testid="catalogue-tab-rules"
            rightSection={
              rules.data && rules.data.data.length > 0 ? (
                <Badge size="xs" variant="light" circle>
                  {rules.data.data.length}
                </Badge>
              ) : undefined
            }
          >
            {t('catalogue.tabs.rules')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="events">
          <EventsTab rules={rules.data?.data ?? []} />
        </Tabs.Panel>
        <Tabs.Panel value="traits">
          <TraitsTab />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesTab q={rules} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
