import { Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { type Promotion, PROMOTION_STATUSES, usePromotions } from '../api.ts';
import { LoyaltyTabs } from '../components/LoyaltyTabs.tsx';
import { PromotionStatusBadge } from '../components/PromotionStatusBadge.tsx';

/** /promotions: every promotion with its mechanic, status, validity and redemptions; filter by status, search by name. */
export function PromotionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const list = usePromotions({ status, q: debounced });
  const filtered = !!status || !!debounced;
  const create = can('loyalty:write') && (
    <Button component={Link} to="/promotions/new" leftSection={<IconPlus size={16} />} data-testid="promotions-new">
      {t('loyalty.promotions.create')}
    </Button>
  );
  const rows = list.data ?? [];

  return (
    <>
      <PageHeader title={t('nav.promotions')} description={t('loyalty.promotions.intro')} actions={create} />
      <LoyaltyTabs />
      <Group gap="sm" mb="md">
        <SearchInput
          value={q}
          onChange={setQ}
          placeholder={t('loyalty.promotions.search')}
          w={280}
          data-testid="promotions-search"
        />
        <Select
          w={220}
          aria-label={t('loyalty.promotions.status')}
          placeholder={t('loyalty.promotions.allStatuses')}
          data={PROMOTION_STATUSES.map((s) => ({ value: s, label: t(`loyalty.statuses.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          data-testid="promotions-status"
        />
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="promotions-empty"
          title={filtered ? t('loyalty.promotions.emptyFiltered') : t('loyalty.promotions.empty')}
          description={filtered ? undefined : t('loyalty.promotions.emptyText')}
          action={(!filtered && create) || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="promotions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('loyalty.promotions.name')}</Table.Th>
                  <Table.Th>{t('loyalty.promotions.mechanic')}</Table.Th>
                  <Table.Th>{t('loyalty.promotions.status')}</Table.Th>
                  <Table.Th>{t('loyalty.promotions.period')}</Table.Th>
                  <Table.Th ta="right">{t('loyalty.promotions.redemptions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr
                    key={p.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate(`/promotions/${p.id}`)}
                    data-testid="promotions-row"
                    data-id={p.id}
                  >
                    <Table.Td maw={320}>
                      <Text
                        component={Link}
                        to={`/promotions/${p.id}`}
                        onClick={(e) => e.stopPropagation()}
                        size="sm"
                        fw={500}
                        c="blue"
                        truncate="end"
                        title={p.name}
                        display="block"
                      >
                        {p.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`loyalty.mechanics.${p.mechanic}`, { defaultValue: p.mechanic })}</Text>
                    </Table.Td>
                    <Table.Td>
                      <PromotionStatusBadge status={p.status} />
                    </Table.Td>
                    <Table.Td>
                      <Period promotion={p} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{p.redemptions}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}

function Period({ promotion: p }: { promotion: Promotion }) {
  const { t } = useTranslation();
  const f = useFormat();
  const parts = [
    p.startsAt ? t('loyalty.promotions.from', { at: f.date(p.startsAt) }) : null,
    p.endsAt ? t('loyalty.promotions.until', { at: f.date(p.endsAt) }) : t('loyalty.promotions.always'),
  ].filter(Boolean);
  return <Text size="sm">{parts.join(' ')}</Text>;
}
