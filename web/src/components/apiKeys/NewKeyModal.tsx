import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyText } from '../CopyText.tsx';
import { IconAlert } from '../icons.tsx';
import type { CreatedKey } from './CreateApiKeyModal.tsx';

/** The server keeps only a hash: this is the one moment the key can be seen. */
export function NewKeyModal({ created, onClose }: { created: CreatedKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={!!created}
      onClose={onClose}
      title={t('apiKeys.newTitle', { name: created?.name ?? '' })}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlert />} title={t('apiKeys.onceTitle')}>
            {t('apiKeys.onceText')}
          </Alert>
          <CopyText value={created.key} testId="new-api-key" copyTestId="copy-api-key" />
          <Text size="sm" c="dimmed">
            {t('apiKeys.usage')}
          </Text>
          <Code
            block
            fz="xs"
          >{`curl -H "Authorization: Bearer ${created.key}" ${window.location.origin}/api/v1/auth/me`}</Code>
          <Group justify="flex-end">
            <Button onClick={onClose} data-testid="new-api-key-done">
              {t('apiKeys.saved')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
