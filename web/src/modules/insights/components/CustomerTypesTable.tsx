import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerTypeCluster } from '../api.ts';
import { useInsightsFormat } from './labels.ts';

/**
 * The clusters explorer of the customer-types model: each type by size, named and described (tone and
 * channel), with its customers' averages — what the trait customerType means in segments and journeys.
 */
export function CustomerTypesTable({ clusters }: { clusters: CustomerTypeCluster[] }) {
  const { t } = useTranslation();
  const fmt = useInsightsFormat();
  if (clusters.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="customer-types-empty">
        {t('insights.customerTypes.empty')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={8} data-testid="customer-types">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('insights.customerTypes.type')}</Table.Th>
            <Table.Th ta="right">{t('insights.customerTypes.customers')}</Table.Th>
            <Table.Th ta="right">{t('insights.customerTypes.recency')}</Table.Th>
            <Table.Th ta="right">{t('insights.customerTypes.orders')}</Table.Th>
            <Table.Th ta="right">{t('insights.customerTypes.averageCheck')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...clusters]
            .sort((a, b) => b.size - a.size || a.key.localeCompare(b.key))
            .map((c) => (
              <Table.Tr key={c.key} data-testid="customer-type" data-key={c.key} data-size={c.size}>
                <Table.Td maw={420}>
                  <Text size="sm" fw={600}>
                    {t(`insights.customerTypes.names.${c.key}`, { defaultValue: c.key })}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`insights.customerTypes.descriptions.${c.key}`, { defaultValue: '' })}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">
                    {fmt.whole(c.size)} ({fmt.percent(c.share)})
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{fmt.whole(c.profile.recencyDays)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{fmt.value(c.profile.orders)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{fmt.amount(c.profile.averageCheck)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
