import { Alert, Anchor, Badge, Button, Card, Grid, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, get, post } from '../../api.ts';
import { EventTypeBadge, eventLabel } from '../../components/cdp/EventTypeBadge.tsx';
import { identityKindLabel, personName, showValue } from '../../components/cdp/identity.ts';
import { ComputedTraitsView } from '../../components/cdp/ComputedTraits.tsx';
import { PrivacyActions } from '../../components/cdp/PrivacyActions.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { IconArrowLeft, IconChevron, IconChevronDown, IconHistory, IconPulse } from '../../components/icons.tsx';
import { JsonBlock } from '../../components/JsonBlock.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { useApiMutation } from '../../components/useApiMutation.ts';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { EVENT_TYPES, type Merge, type Page, type Person, type TimelineEntry, type TraitSource } from '../../types.ts';

const TIMELINE_PAGE = 50;

function KeyValues({ values, empty, testId, sources }: { values: Record<string, unknown>; empty: string; testId: string; sources?: Record<string, TraitSource> }) {
  const { t } = useTranslation();
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
        {empty}
      </Text>
    );
  return (
    <Table verticalSpacing={4} fz="sm" data-testid={testId}>
      <Table.Tbody>
        {entries.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td w="40%" c="dimmed" className="kt-mono" style={{ wordBreak: 'break-all' }}>
              {k}
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{showValue(v)}</Table.Td>
            {sources && (
              <Table.Td w="1%" style={{ whiteSpace: 'nowrap' }} data-testid={`trait-source-${k}`}>
                {sources[k] ? (
                  <Tooltip
                    label={t('person.traitSourceTitle', {
                      kind: sources[k].kind ? t(`sources.kinds.${sources[k].kind}`, { defaultValue: sources[k].kind }) : '—',
                      origin: sources[k].origin ?? '—',
                      at: sources[k].at ? new Date(sources[k].at!).toLocaleString() : '—',
                    })}
                  >
                    <Text size="xs" c="dimmed">
                      {sources[k].sourceName ?? t('person.traitSourceDeleted')}
                    </Text>
                  </Tooltip>
                ) : (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Identities({ person }: { person: Person }) {
  const { t } = useTranslation();
  const groups = new Map<string, string[]>();
  for (const i of person.identities) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i.value]);
  if (groups.size === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('person.noIdentities')}
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="person-identities">
      {[...groups].map(([kind, values]) => (
        <Stack key={kind} gap={4} data-testid={`identity-group-${kind}`}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {identityKindLabel(t, kind)}
          </Text>
          {values.map((v) => (
            <Text key={v} size="sm" className="kt-mono" style={{ wordBreak: 'break-all' }} data-testid="identity-value">
              {v}
            </Text>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function MergeHistory({ personId, onUndone }: { personId: string; onUndone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const q = useQuery({ queryKey: ['merges', personId], queryFn: () => get<Page<Merge>>('/merges', { personId, limit: 100 }) });
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const undo = useApiMutation({
    mutationFn: (m: Merge) => post<Merge>(`/merges/${m.id}/undo`),
    success: () => t('person.undone'),
    invalidate: [['merges', personId]],
    onSuccess: () => {
      setUndoing(null);
      onUndone();
    },
  });
  const short = (id: string) => id.slice(0, 8) + '…';
  const link = (id: string) => (
    <Anchor component={Link} to={`/people/${id}`} className="kt-mono">
      {short(id)}
    </Anchor>
  );

  const merges = q.data?.data ?? [];
  return (
    <Card withBorder padding="lg" data-testid="person-merges">
      <Title order={4} mb="sm">
        {t('person.merges')}
      </Title>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : merges.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="person-merges-empty">
          {t('person.noMerges')}
        </Text>
      ) : (
        <Stack gap="sm">
          {merges.map((m) => {
            const into = m.intoPerson === personId;
            const other = into ? m.fromPerson : m.intoPerson;
            const [before, after] = (into ? t('person.mergedIn', { id: '\u0000' }) : t('person.mergedAway', { id: '\u0000' })).split('\u0000');
            return (
              <Card key={m.id} withBorder padding="sm" radius="md" data-testid={`merge-${m.id}`} className={m.undoneAt ? 'kt-row-muted' : undefined}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500}>
                      {before}
                      {link(other)}
                      {after}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                      {m.reason}
                    </Text>
                    <Group gap={6}>
                      {m.identities.map((i) => (
                        <Badge key={`${i.kind}:${i.value}`} variant="outline" color="gray" tt="none" size="sm">
                          {identityKindLabel(t, i.kind)}: {i.value}
                        </Badge>
                      ))}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {f.dateTime(m.createdAt)} · {t('person.eventsMoved', { count: m.eventCount })}
                      {m.undoneAt && ` · ${t('person.undoneOn', { date: f.dateTime(m.undoneAt) })}`}
                    </Text>
                  </Stack>
                  {into && !m.undoneAt && can('cdp:write') && (
                    <Button size="compact-sm" variant="light" color="red" style={{ flexShrink: 0 }} onClick={() => setUndoing(m)} data-testid="merge-undo">
                      {t('person.undo')}
                    </Button>
                  )}
                  {m.undoneAt && <IconHistory size={16} color="var(--mantine-color-dimmed)" />}
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      <ConfirmModal
        opened={!!undoing}
        title={t('person.undoTitle')}
        message={undoing ? t('person.undoText', { ids: undoing.identities.map((i) => `${identityKindLabel(t, i.kind)} ${i.value}`).join(', ') || '—' }) : ''}
        confirmLabel={t('person.undo')}
        loading={undo.isPending}
        onConfirm={() => undoing && undo.mutate(undoing)}
        onClose={() => setUndoing(null)}
      />
    </Card>
  );
}

function propsSummary(p: Record<string, unknown>): string {
  return Object.entries(p)
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${showValue(v)}`)
    .join(' · ');
}

function Timeline({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [type, setType] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: ['timeline', personId],
    queryFn: ({ pageParam }) => get<Page<TimelineEntry>>(`/people/${personId}/timeline`, { cursor: pageParam, limit: TIMELINE_PAGE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const all = q.data?.pages.flatMap((p) => p.data) ?? [];
  // The API has no type filter yet, so the filter applies to what is loaded; "Load more" fetches further back.
  const rows = type ? all.filter((e) => e.type === type) : all;

  return (
    <Card withBorder padding="lg" data-testid="person-timeline">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('person.timeline')}</Title>
        <Select
          placeholder={t('person.allTypes')}
          aria-label={t('person.typeFilter')}
          data={EVENT_TYPES.map((x) => ({ value: x, label: x }))}
          value={type}
          onChange={setType}
          clearable
          w={180}
          size="xs"
          data-testid="timeline-type"
        />
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty testId="timeline-empty" icon={<IconPulse size={28} />} title={type ? t('person.noEventsFiltered') : t('person.noEvents')} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="timeline-table">
            <Table.Tbody>
              {rows.map((e) => {
                const label = eventLabel(e);
                const isOpen = open === e.id;
                return (
                  <Fragment key={e.id}>
                    <Table.Tr className="kt-clickable" onClick={() => setOpen(isOpen ? null : e.id)} data-testid="timeline-entry" data-type={e.type} data-event={e.event ?? ''}>
                      <Table.Td w={24} c="dimmed">
                        {isOpen ? <IconChevronDown size={14} /> : <IconChevron size={14} />}
                      </Table.Td>
                      <Table.Td w={170}>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {f.precise(e.occurredAt)}
                        </Text>
                        <Text size="xs" c="dimmed" truncate maw={170}>
                          {e.source.name ?? e.source.id.slice(0, 8)}
                        </Text>
                      </Table.Td>
                      <Table.Td w={90}>
                        <EventTypeBadge type={e.type} />
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 0, width: '100%' }}>
                        <Text size="sm" fw={500} truncate>
                          {label ?? '—'}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          {Object.keys(e.properties).length ? propsSummary(e.properties) : t('person.noProperties')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    {isOpen && (
                      <Table.Tr>
                        <Table.Td colSpan={4} bg="var(--mantine-color-gray-0)">
                          <JsonBlock value={e} maxHeight={360} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
    </Card>
  );
}

export function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const mergedFrom = (location.state as { mergedFrom?: string } | null)?.mergedFrom;
  const q = useQuery({ queryKey: ['person', id], queryFn: () => get<Person>(`/persons/${id}`) });

  // An id that was merged away answers with the surviving person: move the URL there.
  useEffect(() => {
    if (q.data && q.data.id !== id) navigate(`/people/${q.data.id}`, { replace: true, state: { mergedFrom: id } });
  }, [q.data, id, navigate]);

  const back = (
    <Anchor component={Link} to="/people" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('person.back')}
      </Group>
    </Anchor>
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError)
    return (
      <Stack>
        {back}
        {q.error instanceof ApiError && q.error.status === 404 ? (
          <Empty testId="person-not-found" title={t('person.notFound')} />
        ) : (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        )}
      </Stack>
    );
  const p = q.data;
  const name = personName(p);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['person', p.id] });
    void qc.invalidateQueries({ queryKey: ['timeline', p.id] });
  };

  return (
    <Stack gap="lg" data-testid="person-page">
      {back}
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={2} data-testid="person-name">
            {name ?? t('person.anonymous')}
          </Title>
          {!name && (
            <Badge variant="light" color="gray">
              {t('person.anonymous')}
            </Badge>
          )}
          <PrivacyActions personId={p.id} />
        </Group>
        <Text size="sm" c="dimmed">
          {t('person.id')}: <span className="kt-mono" data-testid="person-id">{p.id}</span> · {t('person.createdAt')} {f.dateTime(p.createdAt)} · {t('person.updatedAt')} {f.dateTime(p.updatedAt)}
        </Text>
      </Stack>
      {mergedFrom && mergedFrom !== p.id && (
        <Alert variant="light" color="blue">
          {t('person.merged')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder padding="lg">
              <Title order={4} mb="sm">
                {t('person.identities')}
              </Title>
              <Identities person={p} />
            </Card>
            <Card withBorder padding="lg">
              <Title order={4} mb="sm">
                {t('person.traits')}
              </Title>
              <KeyValues values={p.traits} sources={p.traitSources ?? {}} empty={t('person.noTraits')} testId="person-traits" />
            </Card>
            <Card withBorder padding="lg">
              <Title order={4} mb="sm">
                {t('person.computed')}
              </Title>
              <ComputedTraitsView traits={p.computedTraits} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Timeline personId={p.id} />
            <MergeHistory personId={p.id} onUndone={refresh} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
