import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ModelView } from '../api.ts';

/**
 * Why the latest training did not give a new model (too little data, or a failure), and which
 * version stays in use: the last good one, or none.
 */
export function ModelNotice({ model, kind }: { model: ModelView; kind: string }) {
  const { t } = useTranslation();
  const latest = model.lastAttempt ?? model.history[0] ?? null;
  if (!latest || (latest.status !== 'insufficient_data' && latest.status !== 'failed')) return null;
  const reason = latest.error;
  return (
    <Alert
      variant="light"
      color={latest.status === 'failed' ? 'red' : 'orange'}
      p="sm"
      data-testid={`model-${kind}-notice`}
      data-status={latest.status}
    >
      <Text size="sm" data-testid={`model-${kind}-reason`}>
        {latest.status === 'failed'
          ? t('insights.models.failed', { reason: reason ?? '—' })
          : reason
            ? t('insights.models.insufficient', { reason })
            : t('insights.models.insufficientNoReason')}
      </Text>
      <Text size="sm" c="dimmed">
        {model.version != null
          ? t('insights.models.keptPrevious', { version: model.version })
          : t('insights.models.noPrevious')}
      </Text>
    </Alert>
  );
}
