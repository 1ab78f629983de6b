import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus, JobState, Role } from '../types.ts';

const JOB_COLORS: Record<JobState, string> = {
  created: 'gray',
  retry: 'yellow',
  active: 'blue',
  completed: 'teal',
  cancelled: 'dark',
  failed: 'red',
  dead: 'grape',
};

export function JobStateBadge({ state }: { state: JobState }) {
  const { t } = useTranslation();
  return (
    <Badge color={JOB_COLORS[state] ?? 'gray'} variant="light" data-testid={`job-state-${state}`}>
      {t(`jobs.states.${state}`)}
    </Badge>
  );
}

const DELIVERY_COLORS: Record<DeliveryStatus, string> = {
  pending: 'gray',
  retrying: 'yellow',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'dark',
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={DELIVERY_COLORS[status] ?? 'gray'} variant="light">
      {t(`webhooks.statuses.${status}`)}
    </Badge>
  );
}

const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  manager: 'blue',
  marketer: 'grape',
  agent: 'teal',
  viewer: 'gray',
};

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge color={ROLE_COLORS[role] ?? 'gray'} variant="light">
      {t(`roles.names.${role}`)}
    </Badge>
  );
}
