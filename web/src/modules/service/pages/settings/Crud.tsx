import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { del } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { IconPlus } from '../../../../components/icons.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import type { QueryKey } from '@tanstack/react-query';

/** The "new …" button of a settings tab, shown to those who may change the desk's settings. */
export function NewButton({
  label,
  onClick,
  testId,
  can,
}: {
  label: string;
  onClick: () => void;
  testId: string;
  can: boolean;
}) {
  if (!can) return null;
  return (
    <Group justify="flex-end" mb="sm">
      <Button leftSection={<IconPlus size={16} />} onClick={onClick} data-testid={testId}>
        {label}
      </Button>
    </Group>
  );
}

/** This server has no such endpoint (404 on the list): the tab says so instead of an error. */
export function NotAvailable() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" variant="light" data-testid="setting-not-available">
      {t('service.settings.notAvailable')}
    </Alert>
  );
}

/** Asks once, then DELETEs `path` and refreshes `key`. */
export function DeleteConfirm({
  target,
  path,
  queryKey,
  onClose,
}: {
  target: { id: string; name: string } | null;
  path: string;
  queryKey: QueryKey;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const remove = useApiMutation({
    mutationFn: (id: string) => del(`${path}/${id}`),
    success: () => t('service.settings.deleted'),
    invalidate: [queryKey],
    onSuccess: onClose,
  });
  return (
    <ConfirmModal
      opened={!!target}
      title={t('service.settings.deleteTitle', { name: target?.name ?? '' })}
      message={t('service.settings.deleteText')}
      confirmLabel={t('service.settings.delete')}
      loading={remove.isPending}
      onConfirm={() => target && remove.mutate(target.id)}
      onClose={onClose}
    />
  );
}
