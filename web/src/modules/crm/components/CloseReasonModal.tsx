import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Dropping a deal on a lost stage asks why: the reason feeds the won/lost report. */
export function CloseReasonModal({
  opened,
  title,
  loading,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  loading?: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);
  const presets = t('crm.deals.lost.presets', { returnObjects: true }) as unknown as string[];
  const ok = reason.trim().length > 0;
  return (
    <Modal opened={opened} onClose={onClose} title={t('crm.deals.lost.title', { title })} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onConfirm(reason.trim());
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('crm.deals.lost.text')}
          </Text>
          <TextInput
            label={t('crm.deals.lost.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
            required
            data-testid="lost-reason"
          />
          <Group gap={6}>
            {presets.map((p) => (
              <Button
                key={p}
                size="compact-xs"
                radius="xl"
                variant={reason === p ? 'filled' : 'default'}
                onClick={() => setReason(p)}
              >
                {p}
              </Button>
            ))}
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="lost-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!ok} loading={loading} data-testid="lost-confirm">
              {t('crm.deals.lost.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
