import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PromotionStatus } from '../api.ts';

const COLORS: Record<PromotionStatus, string> = {
  draft: 'gray',
  active: 'teal',
  paused: 'yellow',
  ended: 'blue',
  archived: 'gray',
};

export function PromotionStatusBadge({ status }: { status: PromotionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLORS[status] ?? 'gray'} data-testid="promotion-status" data-status={status}>
      {t(`loyalty.statuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}
