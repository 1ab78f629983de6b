import { Anchor, Button, Card, Group, Select, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get } from '../../../../api.ts';
import { CompanyFormDrawer } from '../../components/CompanyFormDrawer.tsx';
import { ConfirmDelete, RowActions, type DeleteTarget } from '../../components/DeleteRecord.tsx';
import { DeletedSwitch, RecentlyDeleted } from '../../components/RecentlyDeleted.tsx';
import { COMPANIES_KEY, type Company } from '../../components/people-api.ts';
import { ListTotal } from '../../components/ListTotal.tsx';
import { IconBuilding, IconPlus } from '../../../../components/icons.tsx';
import { SearchInput } from '../../../../components/SearchInput.tsx';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import type { Page } from '../../../../types.ts';

type Sort = 'name' | 'createdAt' | 'updatedAt';

export function CompaniesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sort, setSort] = useState<Sort>('name');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [creating, setCreating] = useState(false);
  const [showDeleted, setShowDeleted] = useState(false);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const writable = can('crm:write');
  const list = useInfiniteQuery({
    queryKey: [...COMPANIES_KEY, 'list', q, sort, order],
    queryFn: ({ pageParam }) =>
      get<Page<Company>>('/companies', { q: q || undefined, sort, order, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !showDeleted,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const th = (key: Sort, label: string) => (
    <Table.Th>
      <UnstyledButton
        onClick={() => {
          if (sort === key) setOrder(order === 'asc' ? 'desc' : 'asc');
          else {
            setSort(key);
            setOrder(key === 'name' ? 'asc' : 'desc');
          }
        }}
        data-testid={`company-sort-${key}`}
      >
        <Text size="sm" fw={600}>
          {label} {sort === key ? (order === 'asc' ? '↑' : '↓') : ''}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
  const add = can('crm:write') && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="companies-new">
      {t('crm.companies.new')}
    </Button>
  );

  return (
    <Stack data-testid="companies-page">
      <PageHeader
        title={
          <>
            <IconBuilding size={26} style={{ verticalAlign: -4, marginRight: 8 }} />
            {t('nav.companies')}
          </>
        }
        description={t('crm.companies.description')}
        actions={
          <>
            {can('crm:write') && <DeletedSwitch value={showDeleted} onChange={setShowDeleted} />}
            {add}
          </>
        }
      />
      {showDeleted ? (
        <RecentlyDeleted entity="companies" />
      ) : (
        <>
          <Group gap="sm">
            <SearchInput
              placeholder={t('crm.companies.searchPlaceholder')}
              value={search}
              onChange={setSearch}
              w={320}
              data-testid="companies-search"
            />
            <Select
              w={200}
              aria-label={t('crm.common.sortBy')}
              data={[
                { value: 'name', label: t('crm.companies.fields.name') },
                { value: 'createdAt', label: t('crm.common.createdAt') },
                { value: 'updatedAt', label: t('crm.common.updatedAt') },
              ]}
              value={sort}
              onChange={(v) => v && setSort(v as Sort)}
              allowDeselect={false}
            />
            {/* The total of what the list shows; not with a text search (its typo-tolerant fallback has no exact count). */}
            <ListTotal
              path="/companies/count"
              params={{}}
              queryKey={[...COMPANIES_KEY, 'list']}
              enabled={!q}
              testId="companies-total"
            />
          </Group>
          {list.isPending ? (
            <PageLoader />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : rows.length === 0 ? (
            <Empty
              testId="companies-empty"
              icon={<IconBuilding size={28} />}
              title={q ? t('crm.companies.emptyFiltered') : t('crm.companies.empty')}
              description={q ? undefined : t('crm.companies.emptyText')}
              action={q ? undefined : add}
            />
          ) : (
            <Card withBorder padding={0}>
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="sm" highlightOnHover data-testid="companies-table">
                  <Table.Thead>
                    <Table.Tr>
                      {th('name', t('crm.companies.fields.name'))}
                      <Table.Th>{t('crm.companies.fields.industry')}</Table.Th>
                      <Table.Th>{t('crm.common.city')}</Table.Th>
                      <Table.Th>{t('crm.common.owner')}</Table.Th>
                      {th('createdAt', t('crm.common.createdAt'))}
                      {th('updatedAt', t('crm.common.updatedAt'))}
                      {writable && <Table.Th w={48} aria-label={t('common.actions')} />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((c) => (
                      <Table.Tr
                        key={c.id}
                        className="kt-clickable"
                        onClick={() => navigate(`/companies/${c.id}`)}
                        data-testid="company-row"
                        data-id={c.id}
                      >
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/companies/${c.id}`}
                            fw={500}
                            size="sm"
                            onClick={(e) => e.stopPropagation()}
                          >
                            {c.name}
                          </Anchor>
                          {c.domain && (
                            <Text size="xs" c="dimmed">
                              {c.domain}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{c.industry ?? '—'}</Table.Td>
                        <Table.Td>{c.city ?? '—'}</Table.Td>
                        <Table.Td>{c.owner?.name ?? '—'}</Table.Td>
                        <Table.Td>{f.date(c.createdAt)}</Table.Td>
                        <Table.Td>{f.date(c.updatedAt)}</Table.Td>
                        {writable && (
                          <Table.Td>
                            <RowActions name={c.name} onDelete={() => setDeleting({ id: c.id, name: c.name })} />
                          </Table.Td>
                        )}
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
        </>
      )}
      <ConfirmDelete entity="companies" target={deleting} onClose={() => setDeleting(null)} />
      <CompanyFormDrawer
        opened={creating}
        company={null}
        onClose={() => setCreating(false)}
        onSaved={(c) => navigate(`/companies/${c.id}`)}
      />
    </Stack>
  );
}
