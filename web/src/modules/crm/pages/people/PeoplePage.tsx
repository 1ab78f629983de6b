import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  CloseButton,
  Collapse,
  Group,
  Menu,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { get, patch, withQuery } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { PersonLookup } from '../../../cdp/index.ts';
import { ColumnChooser } from '../../components/ColumnChooser.tsx';
import { CompanySelect } from '../../components/CompanySelect.tsx';
import { CustomFieldValue } from '../../components/CustomFieldInputs.tsx';
import { PersonFormDrawer } from '../../components/PersonFormDrawer.tsx';
import { DeletedSwitch, RecentlyDeleted } from '../../components/RecentlyDeleted.tsx';
import { activeViewOf, SavedViewsMenu, useSavedViews, type AppliedView } from '../../components/SavedViewsMenu.tsx';
import {
  allColumns,
  CF_LAYOUT,
  COLUMN_LAYOUT,
  DEFAULT_PERSON_COLUMNS,
  FIXED_COLUMN,
  isPersonColumn,
  sameColumns,
  usableColumns,
  useStoredColumns,
} from '../../components/people-columns.ts';
import { StageBadge } from '../../components/StageBadge.tsx';
import { useExportJob } from '../../components/ExportJob.tsx';
import {
  fetchPeople,
  LIFECYCLE_STAGES,
  listParams,
  PEOPLE_KEY,
  useCustomFields,
  useMembers,
  VIEWS_KEY,
  type CrmPerson,
  type CustomField,
  type SavedView,
} from '../../components/people-api.ts';
import { IconChevronDown, IconPeople, IconPlus, IconSearch } from '../../../../components/icons.tsx';
import { DateField } from '../../../../components/DateFields.tsx';
import { ConfirmDelete, RowActions, type DeleteTarget } from '../../components/DeleteRecord.tsx';
import { SearchInput } from '../../../../components/SearchInput.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';

const PAGE = 50;
const ROW_HEIGHT = 52;
/** The header row's height (.kt-vhead): the rows start below it in the scrolling box. */
const HEAD_HEIGHT = 40;

const layoutOf = (c: string): { width: string; min: number; sort?: string } =>
  isPersonColumn(c) ? COLUMN_LAYOUT[c] : CF_LAYOUT;
const GAP = 10;
const PAD = 32;

/** A text filter that applies on Enter or when leaving the field (not on every keystroke). */
function TextFilter({
  label,
  value,
  onCommit,
  testId,
}: {
  label: string;
  value: string;
  onCommit: (v: string) => void;
  testId: string;
}) {
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

/** One cell of a person's row. */
function Cell({
  p,
  column,
  cfs,
  showPosition,
}: {
  p: CrmPerson;
  column: string;
  cfs: CustomField[];
  showPosition: boolean;
}) {
  const f = useFormat();
  const { t } = useTranslation();
  const text = (v: string | null | undefined, mono = false) => (
    <Text size="sm" truncate className={mono ? 'kt-mono' : undefined}>
      {v || '—'}
    </Text>
  );
  const list = (v: string[], mono = false) => (
    <Text size="sm" truncate className={mono ? 'kt-mono' : undefined} title={v.length > 1 ? v.join(', ') : undefined}>
      {v[0] ?? '—'}
      {v.length > 1 && (
        <Text span size="xs" c="dimmed">
          {' '}
          +{v.length - 1}
        </Text>
      )}
    </Text>
  );
  switch (column) {
    case 'name':
      return (
        <div>
          <Anchor
            component={Link}
            to={`/people/${p.id}`}
            size="sm"
            fw={500}
            onClick={(e) => e.stopPropagation()}
            data-testid="people-row-name"
            className="kt-ellipsis"
          >
            {p.name || [p.firstName, p.lastName].filter(Boolean).join(' ') || t('crm.people.noName')}
          </Anchor>
          {showPosition && p.position && (
            <Text size="xs" c="dimmed" truncate>
              {p.position}
            </Text>
          )}
        </div>
      );
    case 'emails':
      return list(p.emails);
    case 'phones':
      return list(p.phones, true);
    case 'company':
      return text(p.company?.name);
    case 'position':
      return text(p.position);
    case 'owner':
      return text(p.owner?.name);
    case 'lifecycleStage':
      return (
        <div>
          <StageBadge stage={p.lifecycleStage} />
        </div>
      );
    case 'source':
      return text(p.source);
    case 'city':
      return text(p.city);
    case 'region':
      return text(p.region);
    case 'country':
      return text(p.country);
    case 'tags':
      return (
        <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }} title={p.tags.join(', ')}>
          {p.tags.length
            ? p.tags.map((tag) => (
                <Badge key={tag} size="sm" variant="light" tt="none">
                  {tag}
                </Badge>
              ))
            : '—'}
        </Group>
      );
    case 'createdAt':
      return <Text size="sm">{f.date(p.createdAt)}</Text>;
    case 'updatedAt':
      return <Text size="sm">{f.date(p.updatedAt)}</Text>;
    default: {
      const key = column.slice(3);
      return (
        <Text size="sm" truncate component="div" style={{ overflow: 'hidden', whiteSpace: 'nowrap' }}>
          <CustomFieldValue field={cfs.find((c) => c.key === key)} value={p.customFields?.[key]} />
        </Text>
      );
    }
  }
}

function Row({
  p,
  columns,
  grid,
  cfs,
  onOpen,
  onDelete,
}: {
  p: CrmPerson;
  columns: string[];
  grid: string;
  cfs: CustomField[];
  onOpen: () => void;
  onDelete?: () => void;
}) {
  const { t } = useTranslation();
  const showPosition = !columns.includes('position');
  return (
    <Box
      className="kt-vrow kt-clickable"
      style={{ gridTemplateColumns: grid }}
      onClick={onOpen}
      data-testid="people-row"
      data-id={p.id}
    >
      {columns.map((c) =>
        c === FIXED_COLUMN && onDelete ? (
          // The ⋯ (delete) sits in the name cell, which is always there and on screen: the list is
          // often wider than the page, and a last column would be out of sight.
          <Group key={c} data-column={c} gap={4} wrap="nowrap">
            <div style={{ flex: 1, minWidth: 0 }}>
              <Cell p={p} column={c} cfs={cfs} showPosition={showPosition} />
            </div>
            <RowActions name={rowName(p) || t('crm.people.noName')} onDelete={onDelete} />
          </Group>
        ) : (
          <div key={c} data-column={c}>
            <Cell p={p} column={c} cfs={cfs} showPosition={showPosition} />
          </div>
        ),
      )}
    </Box>
  );
}

const rowName = (p: CrmPerson) => p.name || [p.firstName, p.lastName].filter(Boolean).join(' ');

/**
 * The value input of the custom-field filter, as the field's type asks: a choice of its options
 * (select, multiselect), yes/no (boolean), a number or a date, or text. The value goes to the list
 * as `cf.KEY=value`, the format the server reads per type.
 */
function CfValueInput({ field, onApply }: { field: CustomField | undefined; onApply: (v: string) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState('');
  const placeholder = t('crm.people.filters.value');
  if (field && (field.type === 'select' || field.type === 'multiselect' || field.type === 'boolean')) {
    const data =
      field.type === 'boolean'
        ? [
            { value: 'true', label: t('crm.common.yes') },
            { value: 'false', label: t('crm.common.no') },
          ]
        : field.options.map((o) => ({ value: o, label: o }));
    return (
      <Select
        size="xs"
        w={150}
        placeholder={placeholder}
        aria-label={placeholder}
        data={data}
        value={null}
        searchable={field.type !== 'boolean'}
        onChange={(x) => x && onApply(x)}
        data-testid="filter-cf-value"
        data-type={field.type}
      />
    );
  }
  const apply = () => {
    if (v.trim()) {
      onApply(v.trim());
      setV('');
    }
  };
  const type = field?.type === 'number' ? 'number' : 'text';
  const addButton = (
    <Button
      size="compact-xs"
      variant="light"
      disabled={!field || !v.trim()}
      onClick={apply}
      data-testid="filter-cf-add"
    >
      {t('crm.common.add')}
    </Button>
  );
  if (field?.type === 'date')
    return (
      <>
        <DateField
          size="xs"
          w={150}
          aria-label={placeholder}
          value={v}
          onChange={setV}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
          data-testid="filter-cf-value"
          data-type="date"
        />
        {addButton}
      </>
    );
  return (
    <>
      <TextInput
        size="xs"
        w={120}
        type={type}
        step={type === 'number' ? 'any' : undefined}
        placeholder={placeholder}
        aria-label={placeholder}
        disabled={!field}
        value={v}
        onChange={(e) => setV(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
        data-testid="filter-cf-value"
        data-type={field?.type ?? ''}
      />
      {addButton}
    </>
  );
}

/** People: the CRM list (search, filters, sort, saved views, export) and the way into any tracked profile by an identifier. */
export function PeoplePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const [sp, setSp] = useSearchParams();
  const params = useMemo(() => listParams(sp), [sp]);
  const [lookupOpen, setLookupOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  // "Recently deleted" in place of the list (only for those who may delete: the API asks for crm:write).
  const [showDeleted, setShowDeleted] = useState(false);
  const [viewId, setViewId] = useState<string | null>(null);
  const members = useMembers();
  const cfs = useCustomFields('person');
  const [cfKey, setCfKey] = useState<string | null>(null);
  const qc = useQueryClient();
  const f = useFormat();

  // Columns: a saved view's own (its [] = the defaults), else this user's choice kept in the browser.
  const views = useSavedViews('person');
  const activeView = activeViewOf(views.data ?? [], viewId, params);
  const [storedColumns, setStoredColumns] = useStoredColumns(
    `${me.workspace.id}.${me.user?.id ?? me.apiKey?.id ?? 'key'}`,
  );
  const [draft, setDraft] = useState<{ viewId: string; columns: string[] } | null>(null);
  const viewColumns = activeView ? usableColumns(activeView.columns, cfs.data) : null;
  const columns = activeView
    ? draft?.viewId === activeView.id
      ? draft.columns
      : viewColumns!
    : usableColumns(storedColumns, cfs.data);
  const setColumns = (c: string[]) =>
    activeView ? setDraft({ viewId: activeView.id, columns: c }) : setStoredColumns(c);
  const viewChanged = !!activeView && draft?.viewId === activeView.id && !sameColumns(draft.columns, viewColumns!);
  const saveColumns = useApiMutation({
    mutationFn: (v: SavedView) => patch<SavedView>(`/views/${v.id}`, { columns }),
    success: (v) => t('crm.people.columnChooser.savedToView', { name: v.name }),
    onSuccess: (v) => {
      qc.setQueryData<SavedView[]>([...VIEWS_KEY, 'person'], (old) => old?.map((x) => (x.id === v.id ? v : x)));
      setDraft(null);
    },
    invalidate: [VIEWS_KEY],
  });
  const cfDefs = cfs.data ?? [];
  const columnLabel = (c: string) =>
    isPersonColumn(c) ? t(`crm.people.columns.${c}`) : (cfDefs.find((d) => `cf.${d.key}` === c)?.label ?? c.slice(3));
  const writable = can('crm:write');
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const grid = columns.map((c) => layoutOf(c).width).join(' ');
  const minWidth = columns.reduce((sum, c) => sum + layoutOf(c).min, 0) + GAP * (columns.length - 1) + PAD;

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
  // The total of what the filters select; not with a text search (its typo-tolerant fallback has no exact count).
  const { q: _text, sort: _sort, order: _order, ...countParams } = params;
  const total = useQuery({
    queryKey: [...PEOPLE_KEY, 'count', countParams],
    queryFn: () => get<ResponseOf<'getPeopleCount'>>('/people/count', countParams),
    enabled: canCrm && !showDeleted && !params.q,
  });
  const q = useInfiniteQuery({
    queryKey: [...PEOPLE_KEY, 'list', params],
    queryFn: ({ pageParam }) => fetchPeople({ ...params, cursor: pageParam, limit: String(PAGE) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: canCrm && !showDeleted,
  });
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.data) ?? [], [q.data]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // The rows start below the sticky header inside the same scrolling box.
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
  });
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
        const nextOrder =
          sort === s ? (order === 'asc' ? 'desc' : 'asc') : s === 'createdAt' || s === 'updatedAt' ? 'desc' : 'asc';
        next.set('sort', s);
        next.set('order', nextOrder);
        return next;
      },
      { replace: true },
    );

  const cfFilters = Object.entries(params).filter(([k]) => k.startsWith('cf.'));
  const filtered = Object.keys(params).some((k) => k !== 'sort' && k !== 'order');
  // The link still works (a streamed download); a click runs the export as a job with progress instead.
  const exportHref = withQuery('/api/v1/people/export.csv', params);
  const exportJob = useExportJob('people');
  const applyView = (v: AppliedView | null) => {
    setViewId(v?.id ?? null);
    setDraft(null);
    setSp(new URLSearchParams(v?.query ?? {}), { replace: true });
  };

  return (
    <Stack data-testid="people-page" gap="md">
      {exportJob.dialog}
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
            <Button
              variant="default"
              leftSection={<IconSearch size={16} />}
              onClick={() => setLookupOpen((o) => !o)}
              data-testid="people-lookup-toggle"
            >
              {t('crm.people.findByIdentifier')}
            </Button>
            {can('crm:write') && <DeletedSwitch value={showDeleted} onChange={setShowDeleted} />}
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
                  <Menu.Item
                    component="a"
                    href={exportHref}
                    download
                    onClick={(e) => {
                      e.preventDefault();
                      void exportJob.start(params);
                    }}
                    data-testid="people-export"
                  >
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

      {canCrm && showDeleted && <RecentlyDeleted entity="people" />}
      {canCrm && !showDeleted && (
        <>
          <Group gap="sm" wrap="wrap" align="flex-end">
            <SearchInput
              placeholder={t('crm.people.searchPlaceholder')}
              value={search}
              onChange={setSearch}
              w={320}
              data-testid="people-search"
            />
            <SavedViewsMenu entity="person" current={params} columns={columns} activeId={viewId} onApply={applyView} />
            <ColumnChooser
              all={allColumns(cfs.data)}
              value={columns}
              label={columnLabel}
              onChange={setColumns}
              onReset={() => setColumns([...DEFAULT_PERSON_COLUMNS])}
              saveToView={
                viewChanged && activeView
                  ? {
                      name: activeView.name,
                      onSave: () => saveColumns.mutate(activeView),
                      saving: saveColumns.isPending,
                    }
                  : null
              }
            />
            {!params.q && total.data && (
              <Text
                size="sm"
                c="dimmed"
                data-testid="people-total"
                data-count={total.data.count}
                data-exact={total.data.exact}
              >
                {t(total.data.exact ? 'crm.people.total' : 'crm.people.totalMore', {
                  n: f.number(total.data.count, 0),
                })}
              </Text>
            )}
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
              <CompanySelect
                value={params.companyId ?? null}
                onChange={(id) => setParam('companyId', id)}
                placeholder={t('crm.people.fields.company')}
                testId="filter-company"
                size="xs"
              />
            </Box>
            <TextFilter
              label={t('crm.common.city')}
              value={params.city ?? ''}
              onCommit={(v) => setParam('city', v)}
              testId="filter-city"
            />
            <TextFilter
              label={t('crm.people.filters.tag')}
              value={params.tag ?? ''}
              onCommit={(v) => setParam('tag', v)}
              testId="filter-tag"
            />
            <TextFilter
              label={t('crm.people.fields.source')}
              value={params.source ?? ''}
              onCommit={(v) => setParam('source', v)}
              testId="filter-source"
            />
            {(cfs.data?.length ?? 0) > 0 && (
              <Group gap={4} wrap="nowrap">
                <Select
                  searchable
                  size="xs"
                  w={150}
                  placeholder={t('crm.people.filters.customField')}
                  data={(cfs.data ?? []).map((c) => ({ value: c.key, label: c.label }))}
                  value={cfKey}
                  onChange={setCfKey}
                  data-testid="filter-cf-key"
                />
                <CfValueInput
                  key={cfKey ?? ''}
                  field={cfDefs.find((c) => c.key === cfKey)}
                  onApply={(v) => setParam(`cf.${cfKey}`, v)}
                />
              </Group>
            )}
            {cfFilters.map(([k, v]) => {
              const def = cfDefs.find((c) => `cf.${c.key}` === k);
              const shown =
                def?.type === 'boolean'
                  ? v === 'true'
                    ? t('crm.common.yes')
                    : v === 'false'
                      ? t('crm.common.no')
                      : v
                  : def?.type === 'date'
                    ? f.date(v)
                    : v;
              return (
                <Badge
                  key={k}
                  variant="light"
                  tt="none"
                  data-testid="filter-cf-badge"
                  data-key={k}
                  rightSection={
                    <CloseButton size="xs" onClick={() => setParam(k, null)} aria-label={t('crm.common.remove')} />
                  }
                >
                  {def?.label ?? k.slice(3)}: {shown}
                </Badge>
              );
            })}
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
              {/* One box scrolls both ways: the header stays on top, the name column on the left (at 1280px the list is wider than the page). */}
              <div
                ref={scrollRef}
                className="kt-vscroll"
                style={{ height: 'max(400px, calc(100vh - 360px))' }}
                data-testid="people-scroll"
              >
                <Box miw={minWidth}>
                  <Box className="kt-vrow kt-vhead" style={{ gridTemplateColumns: grid }} data-testid="people-head">
                    {columns.map((c) => {
                      const by = layoutOf(c).sort;
                      return (
                        <div key={c} data-testid="people-col" data-column={c} style={{ minWidth: 0 }}>
                          {by ? (
                            <UnstyledButton
                              onClick={() => toggleSort(by)}
                              data-testid={`sort-${by}`}
                              aria-sort={sort === by ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
                            >
                              <Text size="xs" fw={600} c={sort === by ? undefined : 'dimmed'} truncate>
                                {columnLabel(c)} {sort === by ? (order === 'asc' ? '↑' : '↓') : ''}
                              </Text>
                            </UnstyledButton>
                          ) : (
                            <Text size="xs" fw={600} c="dimmed" truncate>
                              {columnLabel(c)}
                            </Text>
                          )}
                        </div>
                      );
                    })}
                  </Box>
                  <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
                    {items.map((it) => (
                      <div
                        key={rows[it.index].id}
                        style={{
                          position: 'absolute',
                          top: 0,
                          left: 0,
                          right: 0,
                          height: ROW_HEIGHT,
                          transform: `translateY(${it.start - HEAD_HEIGHT}px)`,
                        }}
                      >
                        <Row
                          p={rows[it.index]}
                          columns={columns}
                          grid={grid}
                          cfs={cfDefs}
                          onOpen={() => navigate(`/people/${rows[it.index].id}`)}
                          onDelete={
                            writable
                              ? () => setDeleting({ id: rows[it.index].id, name: rowName(rows[it.index]) })
                              : undefined
                          }
                        />
                      </div>
                    ))}
                  </div>
                </Box>
              </div>
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
      <ConfirmDelete entity="people" target={deleting} onClose={() => setDeleting(null)} />
      <PersonFormDrawer
        opened={creating}
        person={null}
        onClose={() => setCreating(false)}
        onSaved={(p) => navigate(`/people/${p.id}`)}
      />
    </Stack>
  );
}
