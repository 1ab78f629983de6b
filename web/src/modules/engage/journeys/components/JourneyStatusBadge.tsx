import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JourneyStatus } from '../api.ts';

const COLORS: Record<JourneyStatus, string> = { draft: 'gray', active: 'teal', paused: 'yellow', archived: 'gray' };

export function JourneyStatusBadge({ status }: { status: JourneyStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLORS[status] ?? 'gray'} data-testid="journey-status" data-status={status}>
      {t(`journeys.statuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}
