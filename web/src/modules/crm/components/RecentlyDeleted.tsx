import { Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../api.ts';
import type { ItemOf, ResponseOf } from '../../../api/contract.ts';
import { useFormat } from '../../../format.ts';
import { notifyError, notifySuccess } from '../../../notify.ts';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { COMPANIES_KEY, COMPANY_KEY, CRM_PERSON_KEY, PEOPLE_KEY } from './people-api.ts';
import { DEALS_KEY, SALES_KEYS } from './sales-api.ts';

export type DeletedEntity = 'people' | 'companies' | 'deals';

/** The "Recently deleted" list of an entity sits under the entity's own cache key, so a delete refreshes it. */
export const deletedKey = (entity: DeletedEntity): QueryKey => [
  ...{ people: PEOPLE_KEY, companies: COMPANIES_KEY, deals: DEALS_KEY }[entity],
  'deleted',
];

/** What a restore can change on screen: the entity's lists and cards, and what shows it (a company's people, deals). */
export const AFFECTED: Record<DeletedEntity, QueryKey[]> = {
  people: [PEOPLE_KEY, CRM_PERSON_KEY, COMPANIES_KEY, COMPANY_KEY, ['timeline']],
  companies: [COMPANIES_KEY, COMPANY_KEY, PEOPLE_KEY, CRM_PERSON_KEY, ...SALES_KEYS],
  deals: [...SALES_KEYS, CRM_PERSON_KEY],
};

/**
 * Restores a deleted record (POST /{entity}/{id}/restore): a notification says so, or shows the
 * API's reason (e.g. 409: an email of theirs belongs to someone else now). Resolves to whether it worked.
 */
export function useRestore(entity: DeletedEntity) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return async (id: string, name: string): Promise<boolean> => {
    try {
      await post(`/${entity}/${id}/restore`);
    } catch (e) {
      notifyError(e);
      return false;
    }
    notifySuccess(t('crm.common.restore.restored', { name }));
    await Promise.all([...AFFECTED[entity], deletedKey(entity)].map((queryKey) => qc.invalidateQueries({ queryKey })));
    return true;
  };
}

/** A row of GET /{entity}/deleted: the record as its list shows it, with `deletedAt`. */
type DeletedRow = ItemOf<'listDeletedPeople'> | ItemOf<'listDeletedCompanies'> | ItemOf<'listDeletedDeals'>;
type DeletedPage =
  | ResponseOf<'listDeletedPeople'>
  | ResponseOf<'listDeletedCompanies'>
  | ResponseOf<'listDeletedDeals'>;

/** Deleted records of one entity, newest deletion first, each with a Restore button; paged like the lists. */
export function RecentlyDeleted({ entity }: { entity: DeletedEntity }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const restore = useRestore(entity);
  const [busy, setBusy] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: [...deletedKey(entity), q],
    queryFn: ({ pageParam }) =>
      get<DeletedPage>(`/${entity}/deleted`, { q: q || undefined, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows: DeletedRow[] = list.data?.pages.flatMap((p): DeletedRow[] => p.data) ?? [];
  const nameOf = (r: DeletedRow) => ('title' in r ? r.title : r.name) || '—';
  const detailOf = (r: DeletedRow) => {
    if ('emails' in r) return [r.emails[0] ?? r.phones[0], r.company?.name].filter(Boolean).join(' · ');
    if ('domain' in r) return [r.domain, r.city].filter(Boolean).join(' · ');
    return [r.stage?.name, `${f.money(r.amount)} ${r.currency}`.trim(), r.company?.name].filter(Boolean).join(' · ');
  };
  const empty = {
    people: t('crm.common.restore.emptyPeople'),
    companies: t('crm.common.restore.emptyCompanies'),
    deals: t('crm.common.restore.emptyDeals'),
  }[entity];

  return (
    <Stack gap="md" data-testid="recently-deleted" data-entity={entity}>
      <Group gap="sm" justify="space-between">
        <SearchInput
          placeholder={t('crm.common.search')}
          value={search}
          onChange={setSearch}
          w={320}
          data-testid="deleted-search"
        />
        <Text size="sm" c="dimmed">
          {t('crm.common.restore.hint')}
        </Text>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty testId="deleted-empty" title={empty} description={q ? undefined : t('crm.common.restore.emptyText')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="deleted-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crm.common.restore.name')}</Table.Th>
                  <Table.Th>{t('crm.common.restore.deletedAt')}</Table.Th>
                  <Table.Th w={160} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id} data-testid="deleted-row" data-id={r.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {nameOf(r)}
                      </Text>
                      {detailOf(r) && (
                        <Text size="xs" c="dimmed">
                          {detailOf(r)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{f.dateTime(r.deletedAt)}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="compact-sm"
                        variant="light"
                        loading={busy === r.id}
                        disabled={busy !== null && busy !== r.id}
                        onClick={async () => {
                          setBusy(r.id);
                          await restore(r.id, nameOf(r));
                          setBusy(null);
                        }}
                        data-testid="restore-button"
                      >
                        {t('crm.common.restore.restore')}
                      </Button>
                    </Table.Td>
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
    </Stack>
  );
}

/** "All | Recently deleted" switch for a list page (shown to those who may delete, as the API asks). */
export function DeletedSwitch({ value, onChange }: { value: boolean; onChange: (deleted: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={0}>
      <Button.Group>
        <Button variant={value ? 'default' : 'filled'} onClick={() => onChange(false)} data-testid="list-all">
          {t('crm.common.restore.all')}
        </Button>
        <Button variant={value ? 'filled' : 'default'} onClick={() => onChange(true)} data-testid="list-deleted">
          {t('crm.common.restore.recentlyDeleted')}
        </Button>
      </Button.Group>
    </Group>
  );
}
