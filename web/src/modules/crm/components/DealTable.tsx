import { Badge, Card, Group, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { ListTotal } from './ListTotal.tsx';
import { DEALS_KEY, refName, useMoney } from './sales-api.ts';
import { DEAL_STATUSES, type Deal, type Page, type Pipeline } from './sales-types.ts';
import { useSession } from '../../../session.tsx';
import { ConfirmDelete, RowActions, type DeleteTarget } from './DeleteRecord.tsx';

const col = createColumnHelper<Deal>();
/** Columns the API can sort by (keyset pagination holds for each). */
const SORTABLE = new Set(['title', 'amount', 'expectedClose', 'createdAt', 'updatedAt']);

/** The ⋯ column stays in sight at the right edge when the table is wider than the page and scrolls. */
const STICKY_END = { position: 'sticky', right: 0, background: 'var(--mantine-color-body)', width: 48 } as const;

export const statusColor = (s: string) => (s === 'won' ? 'teal' : s === 'lost' ? 'red' : 'blue');

/**
 * The deals of a pipeline as a table: sorted and filtered by the server, loaded a page at a time.
 * The owner and status filters come from the page's address (shareable, like the board's).
 */
export function DealTable({
  pipeline,
  ownerId,
  status,
  onStatus,
}: {
  pipeline: Pipeline;
  ownerId: string | null;
  status: string | null;
  onStatus: (status: string | null) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const money = useMoney();
  const [sorting, setSorting] = useState<SortingState>([{ id: 'createdAt', desc: true }]);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const writable = useSession().can('crm:write');
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const stageName = useMemo(() => new Map(pipeline.stages.map((s) => [s.id, s.name])), [pipeline]);

  const sort = sorting[0];
  const known = status && (DEAL_STATUSES as readonly string[]).includes(status) ? status : null;
  const filters = {
    pipelineId: pipeline.id,
    status: known ?? undefined,
    ownerId: ownerId ?? undefined,
    q: q || undefined,
  };
  const query = { ...filters, sort: sort?.id, order: sort ? (sort.desc ? 'desc' : 'asc') : undefined, limit: 50 };
  const list = useInfiniteQuery({
    queryKey: [...DEALS_KEY, query],
    queryFn: ({ pageParam }) => get<Page<Deal>>('/deals', { ...query, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  const columns = useMemo(
    () => [
      col.accessor('title', {
        header: () => t('crm.deals.fields.title'),
        cell: (c) => (
          <Text component={Link} to={`/deals/${c.row.original.id}`} size="sm" fw={500} c="blue">
            {c.getValue()}
          </Text>
        ),
      }),
      col.accessor('stageId', {
        header: () => t('crm.deals.fields.stage'),
        cell: (c) => stageName.get(c.getValue()) ?? c.row.original.stage?.name ?? '—',
      }),
      col.accessor('status', {
        header: () => t('crm.deals.fields.status'),
        cell: (c) => (
          <Badge variant="light" color={statusColor(c.getValue())}>
            {t(`crm.deals.status.${c.getValue()}`)}
          </Badge>
        ),
      }),
      col.accessor('amount', {
        header: () => t('crm.deals.fields.amount'),
        cell: (c) => money(c.getValue(), c.row.original.currency),
      }),
      col.display({
        id: 'contact',
        header: () => t('crm.deals.fields.person'),
        cell: (c) =>
          [
            refName(c.row.original.person, c.row.original.personId),
            refName(c.row.original.company, c.row.original.companyId),
          ]
            .filter(Boolean)
            .join(' · ') || '—',
      }),
      col.display({
        id: 'owner',
        header: () => t('crm.deals.fields.owner'),
        cell: (c) => c.row.original.owner?.name ?? '—',
      }),
      col.accessor('expectedClose', {
        header: () => t('crm.deals.fields.expectedClose'),
        cell: (c) => (c.getValue() ? f.date(`${c.getValue()}T00:00:00`) : '—'),
      }),
      col.accessor('createdAt', { header: () => t('crm.deals.fields.createdAt'), cell: (c) => f.date(c.getValue()) }),
      ...(writable
        ? [
            col.display({
              id: 'actions',
              header: () => null,
              cell: (c) => (
                <RowActions
                  name={c.row.original.title}
                  onDelete={() => setDeleting({ id: c.row.original.id, name: c.row.original.title })}
                />
              ),
            }),
          ]
        : []),
    ],
    [t, f, money, stageName, writable],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
  });

  return (
    <>
      <Group mb="sm" gap="sm">
        <SearchInput
          placeholder={t('crm.deals.search')}
          value={search}
          onChange={setSearch}
          w={260}
          data-testid="deals-search"
        />
        <Select
          placeholder={t('crm.deals.allStatuses')}
          data={DEAL_STATUSES.map((s) => ({ value: s, label: t(`crm.deals.status.${s}`) }))}
          value={known}
          onChange={onStatus}
          clearable
          w={180}
          data-testid="deals-status"
        />
        <ListTotal path="/deals/count" params={filters} queryKey={DEALS_KEY} testId="deals-total" />
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={t('crm.deals.empty')} description={t('crm.deals.emptyText')} testId="deals-empty" />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="deals-table">
              <Table.Thead>
                {table.getHeaderGroups().map((hg) => (
                  <Table.Tr key={hg.id}>
                    {hg.headers.map((h) => {
                      const sortable = SORTABLE.has(h.column.id);
                      const dir = h.column.getIsSorted();
                      return (
                        <Table.Th key={h.id} style={h.column.id === 'actions' ? STICKY_END : undefined}>
                          {sortable ? (
                            <UnstyledButton
                              onClick={h.column.getToggleSortingHandler()}
                              fw={600}
                              fz="sm"
                              data-testid={`sort-${h.column.id}`}
                            >
                              {flexRender(h.column.columnDef.header, h.getContext())}{' '}
                              {dir === 'asc' ? '↑' : dir === 'desc' ? '↓' : ''}
                            </UnstyledButton>
                          ) : (
                            flexRender(h.column.columnDef.header, h.getContext())
                          )}
                        </Table.Th>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Thead>
              <Table.Tbody>
                {table.getRowModel().rows.map((r) => (
                  <Table.Tr key={r.id} data-testid={`deal-row-${r.original.id}`}>
                    {r.getVisibleCells().map((c) => (
                      <Table.Td key={c.id} fz="sm" style={c.column.id === 'actions' ? STICKY_END : undefined}>
                        {flexRender(c.column.columnDef.cell, c.getContext())}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <LoadMore
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
      <ConfirmDelete entity="deals" target={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
