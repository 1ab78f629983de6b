import { Card, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { type Page, PRODUCTS_KEY, type Product } from '../api.ts';
import { LoyaltyTabs } from '../components/LoyaltyTabs.tsx';

/** /promotions/products: the product catalogue (GET /products), searched by SKU or name, 50 at a time. */
export function ProductsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const list = useInfiniteQuery({
    queryKey: [...PRODUCTS_KEY, debounced],
    queryFn: ({ pageParam }) =>
      get<Page<Product>>('/products', { q: debounced || undefined, limit: 50, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageHeader title={t('nav.promotions')} description={t('loyalty.products.intro')} />
      <LoyaltyTabs />
      <SearchInput
        value={q}
        onChange={setQ}
        placeholder={t('loyalty.products.search')}
        w={280}
        mb="md"
        data-testid="products-search"
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="products-empty"
          title={debounced ? t('common.nothingFound') : t('loyalty.products.empty')}
          description={debounced ? undefined : t('loyalty.products.emptyText')}
        />
      ) : (
        <>
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={600}>
              <Table verticalSpacing="xs" data-testid="products-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('loyalty.products.sku')}</Table.Th>
                    <Table.Th>{t('loyalty.products.name')}</Table.Th>
                    <Table.Th>{t('loyalty.products.category')}</Table.Th>
                    <Table.Th ta="right">{t('loyalty.products.price')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((p) => (
                    <Table.Tr key={p.sku} data-testid="products-row">
                      <Table.Td>
                        <Text size="sm" className="kt-mono">
                          {p.sku}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{p.name}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{p.category ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">{f.money(p.price)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
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
    </>
  );
}
