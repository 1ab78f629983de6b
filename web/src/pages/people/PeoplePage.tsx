import { Anchor, Badge, Box, Button, Card, CloseButton, Collapse, Group, Menu, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { withQuery } from '../../api.ts';
import { PersonLookup } from '../../components/cdp/PersonLookup.tsx';
import { CompanySelect } from '../../components/crm/CompanySelect.tsx';
import { PersonFormDrawer } from '../../components/crm/PersonFormDrawer.tsx';
import { SavedViewsMenu } from '../../components/crm/SavedViewsMenu.tsx';
import { StageBadge } from '../../components/crm/StageBadge.tsx';
import { fetchPeople, LIFECYCLE_STAGES, listParams, PEOPLE_KEY, useCustomFields, useMembers, type CrmPerson } from '../../components/crm/people-api.ts';
import { IconChevronDown, IconPeople, IconPlus, IconSearch } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';

const PAGE = 50;
const ROW_HEIGHT = 52;

type Col = { key: string; sort?: string; width: string };
const COLUMNS: Col[] = [
  { key: 'name', sort: 'lastName', width: 'minmax(180px, 2fr)' },
  { key: 'email', width: 'minmax(160px, 1.6fr)' },
  { key: 'phone', width: 'minmax(130px, 1fr)' },
  { key: 'company', width: 'minmax(120px, 1.2fr)' },
  { key: 'lifecycleStage', sort: 'lifecycleStage', width: '110px' },
  { key: 'owner', width: 'minmax(100px, 1fr)' },
  { key: 'city', sort: 'city', width: 'minmax(90px, 0.8fr)' },
  { key: 'createdAt', sort: 'createdAt', width: '120px' },
];
const GRID = COLUMNS.map((c) => c.width).join(' ');

/** A text filter that applies on Enter or when leaving the field (not on every keystroke). */
function TextFilter({ label, value, onCommit, testId }: { label: string; value: string; onCommit: (v: string) => void; testId: string }) {
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  return (
    <TextInput
      size="xs"
      w={150}
      placeholder={label}
      aria-label={label}
      value={v}
      onChange={(e) => setV(e.currentTarget.value)}
      onBlur={() => v.trim() !== value && onCommit(v.trim())}
      onKeyDown={(e) => e.key === 'Enter' && onCommit(v.trim())}
      data-testid={testId}
    />
  );
}

function Row({ p, onOpen }: { p: CrmPerson; onOpen: () => void }) {
  const f = useFormat();
  const { t } = useTranslation();
  return (
    <Box className="kt-vrow kt-clickable" style={{ gridTemplateColumns: GRID }} onClick={onOpen} data-testid="people-row" data-id={p.id}>
      <div>
        <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()} data-testid="people-row-name" className="kt-ellipsis">
          {p.name || [p.firstName, p.lastName].filter(Boolean).join(' ') || t('crm.people.noName')}
        </Anchor>
        {p.position && (
          <Text size="xs" c="dimmed" truncate>
            {p.position}
          </Text>
        )}
      </div>
      <Text size="sm" truncate>
        {p.emails[0] ?? '—'}
      </Text>
      <Text size="sm" truncate className="kt-mono">
        {p.phones[0] ?? '—'}
      </Text>
      <Text size="sm" truncate>
        {p.company?.name ?? '—'}
      </Text>
      <div>
        <StageBadge stage={p.lifecycleStage} />
      </div>
      <Text size="sm" truncate>
        {p.owner?.name ?? '—'}
      </Text>
      <Text size="sm" truncate>
        {p.city ?? '—'}
      </Text>
      <Text size="sm">{f.date(p.createdAt)}</Text>
    </Box>
  );
}

/** People: the CRM list (search, filters, sort, saved views, export) and the way into any tracked profile by an identifier. */
export function PeoplePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const [sp, setSp] = useSearchParams();
  const params = useMemo(() => listParams(sp), [sp]);
  const [lookupOpen, setLookupOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [viewId, setViewId] = useState<string | null>(null);
  const members = useMembers();
  const cfs = useCustomFields('person');
  const [cfKey, setCfKey] = useState<string | null>(null);
  const [cfValue, setCfValue] = useState('');

  const [search, setSearch] = useState(params.q ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  // The URL changes the box only when something else changed it (a view, "clear"), never mid-typing.
  const pushedQ = useRef(params.q ?? '');
  useEffect(() => {
    if ((params.q ?? '') !== pushedQ.current) {
      pushedQ.current = params.q ?? '';
      setSearch(params.q ?? '');
    }
  }, [params.q]);

  const setParam = (key: string, value: string | null | undefined) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  useEffect(() => {
    if (debounced.trim() !== (params.q ?? '')) {
      pushedQ.current = debounced.trim();
      setParam('q', debounced.trim());
    }
  }, [debounced]);

  const canCrm = can('crm:read');
  const q = useInfiniteQuery({
    queryKey: [...PEOPLE_KEY, 'list', params],
    queryFn: ({ pageParam }) => fetchPeople({ ...params, cursor: pageParam, limit: String(PAGE) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: canCrm,
  });
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.data) ?? [], [q.data]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtual.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    // Reaching the end of what is loaded fetches the next page (keyset cursor).
    if (lastIndex >= rows.length - 5 && q.hasNextPage && !q.isFetchingNextPage) void q.fetchNextPage();
  }, [lastIndex, rows.length, q.hasNextPage, q.isFetchingNextPage]);

  const sort = params.sort ?? 'createdAt';
  const order = params.order ?? (sort === 'createdAt' || sort === 'updatedAt' ? 'desc' : 'asc');
  const toggleSort = (s: string) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        const nextOrder = sort === s ? (order === 'asc' ? 'desc' : 'asc') : s === 'createdAt' || s === 'updatedAt' ? 'desc' : 'asc';
        next.set('sort', s);
        next.set('order', nextOrder);
        return next;
      },
      { replace: true },
    );

  const cfFilters = Object.entries(params).filter(([k]) => k.startsWith('cf.'));
  const filtered = Object.keys(params).some((k) => k !== 'sort' && k !== 'order');
  const exportHref = withQuery('/api/v1/people/export.csv', params);
  const applyView = (v: { id: string; query: Record<string, string> } | null) => {
    setViewId(v?.id ?? null);
    setSp(new URLSearchParams(v?.query ?? {}), { replace: true });
  };

  return (
    <Stack data-testid="people-page" gap="md">
      <PageHeader
        title={
          <>
            <IconPeople size={26} style={{ verticalAlign: -4, marginRight: 8 }} />
            {t('nav.people')}
          </>
        }
        description={t('crm.people.description')}
        actions={
          <>
            <Button variant="default" leftSection={<IconSearch size={16} />} onClick={() => setLookupOpen((o) => !o)} data-testid="people-lookup-toggle">
              {t('crm.people.findByIdentifier')}
            </Button>
            {canCrm && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={14} />} data-testid="people-more">
                    {t('crm.people.more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item component={Link} to="/people/duplicates" data-testid="people-duplicates-link">
                    {t('crm.people.duplicates')}
                  </Menu.Item>
                  {can('crm:write') && (
                    <Menu.Item component={Link} to="/people/import" data-testid="people-import-link">
                      {t('crm.imports.title')}
                    </Menu.Item>
                  )}
                  <Menu.Item component="a" href={exportHref} download data-testid="people-export">
                    {t('crm.common.exportCsv')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
            {can('crm:write') && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="people-new">
                {t('crm.people.new')}
              </Button>
            )}
          </>
        }
      />
      <Collapse expanded={lookupOpen}>
        <Card withBorder padding="lg" data-testid="people-lookup">
          <Title order={4} mb="sm">
            {t('people.lookupTitle')}
          </Title>
          <PersonLookup />
        </Card>
      </Collapse>

      {canCrm && (
        <>
          <Group gap="sm" wrap="wrap" align="flex-end">
            <TextInput
              leftSection={<IconSearch size={16} />}
              placeholder={t('crm.people.searchPlaceholder')}
              aria-label={t('crm.common.search')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={320}
              rightSection={search ? <CloseButton size="sm" aria-label={t('crm.common.clearFilters')} onClick={() => setSearch('')} /> : null}
              data-testid="people-search"
            />
            <SavedViewsMenu entity="person" current={params} activeId={viewId} onApply={applyView} />
            {filtered && (
              <Button variant="subtle" size="compact-sm" onClick={() => applyView(null)} data-testid="people-clear">
                {t('crm.common.clearFilters')}
              </Button>
            )}
          </Group>
          <Group gap="xs" wrap="wrap" data-testid="people-filters">
            <Select
              size="xs"
              w={150}
              placeholder={t('crm.people.fields.lifecycleStage')}
              data={LIFECYCLE_STAGES.map((v) => ({ value: v, label: t(`crm.people.stages.${v}`) }))}
              value={params.lifecycleStage ?? null}
              onChange={(v) => setParam('lifecycleStage', v)}
              clearable
              data-testid="filter-stage"
            />
            <Select
              size="xs"
              w={170}
              placeholder={t('crm.common.owner')}
              data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))}
              value={params.ownerId ?? null}
              onChange={(v) => setParam('ownerId', v)}
              clearable
              searchable
              data-testid="filter-owner"
            />
            <Box w={180}>
              <CompanySelect value={params.companyId ?? null} onChange={(id) => setParam('companyId', id)} placeholder={t('crm.people.fields.company')} testId="filter-company" />
            </Box>
            <TextFilter label={t('crm.common.city')} value={params.city ?? ''} onCommit={(v) => setParam('city', v)} testId="filter-city" />
            <TextFilter label={t('crm.people.filters.tag')} value={params.tag ?? ''} onCommit={(v) => setParam('tag', v)} testId="filter-tag" />
            <TextFilter label={t('crm.people.fields.source')} value={params.source ?? ''} onCommit={(v) => setParam('source', v)} testId="filter-source" />
            {(cfs.data?.length ?? 0) > 0 && (
              <Group gap={4} wrap="nowrap">
                <Select size="xs" w={150} placeholder={t('crm.people.filters.customField')} data={(cfs.data ?? []).map((c) => ({ value: c.key, label: c.label }))} value={cfKey} onChange={setCfKey} data-testid="filter-cf-key" />
                <TextInput
                  size="xs"
                  w={120}
                  placeholder={t('crm.people.filters.value')}
                  value={cfValue}
                  onChange={(e) => setCfValue(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && cfKey && cfValue.trim()) {
                      setParam(`cf.${cfKey}`, cfValue.trim());
                      setCfValue('');
                    }
                  }}
                  data-testid="filter-cf-value"
                />
                <Button
                  size="compact-xs"
                  variant="light"
                  disabled={!cfKey || !cfValue.trim()}
                  onClick={() => {
                    setParam(`cf.${cfKey}`, cfValue.trim());
                    setCfValue('');
                  }}
                >
                  {t('crm.common.add')}
                </Button>
              </Group>
            )}
            {cfFilters.map(([k, v]) => (
              <Badge key={k} variant="light" tt="none" rightSection={<CloseButton size="xs" onClick={() => setParam(k, null)} aria-label={t('crm.common.remove')} />}>
                {(cfs.data ?? []).find((c) => `cf.${c.key}` === k)?.label ?? k.slice(3)}: {v}
              </Badge>
            ))}
          </Group>

          {q.isPending ? (
            <PageLoader />
          ) : q.isError ? (
            <ErrorState error={q.error} onRetry={() => void q.refetch()} />
          ) : rows.length === 0 ? (
            <Empty
              testId="people-empty"
              icon={<IconPeople size={28} />}
              title={filtered ? t('crm.people.emptyFiltered') : t('crm.people.empty')}
              description={filtered ? undefined : t('crm.people.emptyText')}
              action={
                filtered ? (
                  <Button variant="default" onClick={() => applyView(null)}>
                    {t('crm.common.clearFilters')}
                  </Button>
                ) : can('crm:write') ? (
                  <Group>
                    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                      {t('crm.people.new')}
                    </Button>
                    <Button variant="default" component={Link} to="/people/import">
                      {t('crm.imports.title')}
                    </Button>
                  </Group>
                ) : undefined
              }
            />
          ) : (
            <Card withBorder padding={0} data-testid="people-table">
              <Box style={{ overflowX: 'auto' }}>
                <Box miw={1000}>
                  <Box className="kt-vrow kt-vhead" style={{ gridTemplateColumns: GRID }}>
                    {COLUMNS.map((c) =>
                      c.sort ? (
                        <UnstyledButton key={c.key} onClick={() => toggleSort(c.sort!)} data-testid={`sort-${c.sort}`} aria-sort={sort === c.sort ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                          <Text size="xs" fw={600} c={sort === c.sort ? undefined : 'dimmed'}>
                            {t(`crm.people.columns.${c.key}` as 'crm.people.columns.name')} {sort === c.sort ? (order === 'asc' ? '↑' : '↓') : ''}
                          </Text>
                        </UnstyledButton>
                      ) : (
                        <Text key={c.key} size="xs" fw={600} c="dimmed">
                          {t(`crm.people.columns.${c.key}` as 'crm.people.columns.name')}
                        </Text>
                      ),
                    )}
                  </Box>
                  <div ref={scrollRef} style={{ height: 'max(360px, calc(100vh - 400px))', overflowY: 'auto' }} data-testid="people-scroll">
                    <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
                      {items.map((it) => (
                        <div key={rows[it.index].id} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${it.start}px)` }}>
                          <Row p={rows[it.index]} onOpen={() => navigate(`/people/${rows[it.index].id}`)} />
                        </div>
                      ))}
                    </div>
                  </div>
                </Box>
              </Box>
              <Group justify="space-between" px="md" py={6} className="kt-vfoot">
                <Text size="xs" c="dimmed" data-testid="people-count">
                  {t('crm.common.loadedCount', { count: rows.length })}
                  {q.hasNextPage ? '+' : ''}
                </Text>
                {q.isFetchingNextPage && (
                  <Text size="xs" c="dimmed">
                    {t('common.loading')}
                  </Text>
                )}
              </Group>
            </Card>
          )}
        </>
      )}
      <PersonFormDrawer opened={creating} person={null} onClose={() => setCreating(false)} onSaved={(p) => navigate(`/people/${p.id}`)} />
    </Stack>
  );
}
