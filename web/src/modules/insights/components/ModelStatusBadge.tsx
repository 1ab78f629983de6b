import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ModelStatus } from '../api.ts';

const COLORS: Record<ModelStatus | 'untrained', string> = {
  training: 'blue',
  ready: 'teal',
  failed: 'red',
  insufficient_data: 'orange',
  untrained: 'gray',
};

/** A model's (or a version's) state in words; a model never trained says so. */
export function ModelStatusBadge({
  status,
  testId,
}: {
  status: ModelStatus | 'untrained' | null | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const s = status ?? 'untrained';
  return (
    <Badge variant="light" color={COLORS[s] ?? 'gray'} data-testid={testId} data-status={s}>
      {t(`insights.statuses.${s}`, { defaultValue: s })}
    </Badge>
  );
}
