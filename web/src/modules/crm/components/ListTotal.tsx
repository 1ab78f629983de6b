import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import type { ListCount } from '../../../components/HomeStat.tsx';
import { useFormat } from '../../../format.ts';

type Params = Record<string, string | number | boolean | null | undefined>;

/**
 * A list's total from its `…/count` endpoint (the list's filters; exact up to 10,000, then
 * "more than"). `queryKey` should start with the list's key, so that a change that refreshes the
 * list refreshes its total too.
 */
export function ListTotal({
  path,
  params,
  queryKey,
  enabled = true,
  testId,
}: {
  path: string;
  params: Params;
  queryKey: readonly unknown[];
  enabled?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const total = useQuery({
    queryKey: [...queryKey, 'count', params],
    queryFn: () => get<ListCount>(path, params),
    enabled,
  });
  if (!enabled || !total.data) return null;
  return (
    <Text
      size="sm"
      c="dimmed"
      data-testid={testId}
      data-count={total.data.count}
      data-exact={total.data.exact}
      style={{ whiteSpace: 'nowrap' }}
    >
      {t(total.data.exact ? 'crm.common.total' : 'crm.common.totalMore', { n: f.number(total.data.count, 0) })}
    </Text>
  );
}
