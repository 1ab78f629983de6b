import { Alert, Button, Center, EmptyState, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../notify.ts';
import { IconAlert } from './icons.tsx';

export function PageLoader({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py={60} data-testid="loading">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <span style={{ color: 'var(--mantine-color-dimmed)', fontSize: 14 }}>{label ?? t('common.loading')}</span>
      </Stack>
    </Center>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={t('errors.loadFailed')} icon={<IconAlert />} data-testid="error-state">
      <Stack gap="sm" align="flex-start">
        <span>{errorMessage(error)}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function Empty({
  title,
  description,
  icon,
  action,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <EmptyState
      py={48}
      title={title}
      description={description}
      icon={icon}
      withIndicatorBackground={!!icon}
      data-testid={testId ?? 'empty-state'}
    >
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
