import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api.ts';
import { fieldErrorsOf } from '../../forms.ts';
import type { ApiKey, Role } from '../../types.ts';
import { RoleSelect } from '../RoleSelect.tsx';
import { useApiMutation } from '../useApiMutation.ts';

export type CreatedKey = ApiKey & { key: string };

export function CreateApiKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (k: CreatedKey) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const create = useApiMutation({
    mutationFn: () => post<CreatedKey>('/api-keys', { name: name.trim(), role }),
    success: (k) => t('apiKeys.created', { name: k.name }),
    invalidate: [['api-keys']],
    onSuccess: (k) => onCreated(k),
  });
  useEffect(() => {
    if (!opened) return;
    setName('');
    setRole('viewer');
    create.reset();
  }, [opened]);
  const fields = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('apiKeys.createTitle')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('apiKeys.name')}
            description={t('apiKeys.nameHint')}
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields.name}
            data-testid="api-key-name"
          />
          <RoleSelect value={role} onChange={setRole} error={fields.role} data-testid="api-key-role" />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="api-key-create-submit">
              {t('apiKeys.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
