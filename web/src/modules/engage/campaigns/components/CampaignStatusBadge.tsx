import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignStatus } from '../api.ts';

const COLORS: Record<CampaignStatus, string> = {
  draft: 'gray',
  approved: 'cyan',
  scheduled: 'violet',
  running: 'blue',
  finished: 'teal',
  cancelled: 'gray',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLORS[status] ?? 'gray'} data-testid="campaign-status" data-status={status}>
      {t(`campaigns.statuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}
