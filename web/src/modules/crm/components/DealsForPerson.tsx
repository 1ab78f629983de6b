import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import { useSession } from '../../../session.tsx';
import { IconPlus } from '../../../components/icons.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { DealFormModal } from './DealFormModal.tsx';
import { statusColor } from './DealTable.tsx';
import { DEALS_KEY, useMoney } from './sales-api.ts';
import type { Deal, Page, Ref } from './sales-types.ts';

/**
 * The deals of a person (or a company) for their card, with "New deal" prefilled with them:
 * `<DealsForPerson personId={id} personName={name} />` or `<DealsForPerson companyId={id} … />`.
 */
export function DealsForPerson({
  personId,
  personName,
  companyId,
  companyName,
}: {
  personId?: string;
  personName?: string;
  companyId?: string;
  companyName?: string;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const money = useMoney();
  const [creating, setCreating] = useState(false);
  const query = { personId, companyId, limit: 50 };
  const list = useQuery({ queryKey: [...DEALS_KEY, 'for', query], queryFn: () => get<Page<Deal>>('/deals', query) });
  const deals = list.data?.data ?? [];
  const person: Ref | null = personId ? { id: personId, name: personName ?? personId.slice(0, 8) } : null;
  const company: Ref | null = companyId ? { id: companyId, name: companyName ?? companyId.slice(0, 8) } : null;
  return (
    <Card withBorder padding="md" data-testid="deals-for-person">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('crm.deals.forPerson')}</Text>
        {can('crm:write') && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setCreating(true)}
            data-testid="person-new-deal"
          >
            {t('crm.deals.newDeal')}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : deals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('crm.deals.forPersonEmpty')}
        </Text>
      ) : (
        <Stack gap={6}>
          {deals.map((d) => (
            <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs">
              {/* The title gives way (ellipsis); the amount and the status badge keep their width. */}
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={500} truncate>
                  {d.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {d.stage?.name ?? ''} {d.owner?.name ? `· ${d.owner.name}` : ''}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {money(d.amount, d.currency)}
                </Text>
                <Badge size="xs" variant="light" color={statusColor(d.status)} style={{ flexShrink: 0 }}>
                  {t(`crm.deals.status.${d.status}`)}
                </Badge>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <DealFormModal opened={creating} preset={{ person, company }} onClose={() => setCreating(false)} />
    </Card>
  );
}
