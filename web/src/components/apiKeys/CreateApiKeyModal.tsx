import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api.ts';
import type { BodyOf, ResponseOf } from '../../api/contract.ts';
import { fieldErrorsOf } from '../../forms.ts';
import type { Role } from '../../types.ts';
import { DateField } from '../DateFields.tsx';
import { RoleSelect } from '../RoleSelect.tsx';
import { useApiMutation } from '../useApiMutation.ts';

/** POST /api-keys: the key with its secret, shown once. */
export type CreatedKey = ResponseOf<'createApiKey', 201>;

type Expiry = 'never' | '30' | '90' | '365' | 'date';

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** When the key stops: the end of the chosen local day, as an ISO moment; null for never. */
export function expiryMoment(choice: Expiry, day: string, now = new Date()): string | null {
  if (choice === 'never') return null;
  let date: Date;
  if (choice === 'date') {
    if (!day) return null;
    const [y, m, d] = day.split('-').map(Number);
    date = new Date(y, m - 1, d);
  } else date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + Number(choice));
  date.setHours(23, 59, 59, 0);
  return date.toISOString();
}

export function CreateApiKeyModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (k: CreatedKey) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [expiry, setExpiry] = useState<Expiry>('never');
  const [day, setDay] = useState('');
  const create = useApiMutation({
    mutationFn: () =>
      post<CreatedKey>('/api-keys', {
        name: name.trim(),
        role,
        expiresAt: expiryMoment(expiry, day),
      } satisfies BodyOf<'createApiKey'>),
    success: (k) => t('apiKeys.created', { name: k.name }),
    invalidate: [['api-keys']],
    onSuccess: (k) => onCreated(k),
  });
  useEffect(() => {
    if (!opened) return;
    setName('');
    setRole('viewer');
    setExpiry('never');
    setDay('');
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
          <Select
            label={t('apiKeys.expires')}
            description={t('apiKeys.expiresHint')}
            data={[
              { value: 'never', label: t('apiKeys.expiresNever') },
              { value: '30', label: t('apiKeys.expires30') },
              { value: '90', label: t('apiKeys.expires90') },
              { value: '365', label: t('apiKeys.expires365') },
              { value: 'date', label: t('apiKeys.expiresOn') },
            ]}
            value={expiry}
            onChange={(v) => v && setExpiry(v as Expiry)}
            allowDeselect={false}
            error={expiry === 'date' ? undefined : fields.expiresAt}
            data-testid="api-key-expiry"
          />
          {expiry === 'date' && (
            <DateField
              label={t('apiKeys.expiresDate')}
              description={t('apiKeys.expiresDateHint')}
              required
              value={day}
              onChange={setDay}
              minDate={localDay(new Date())}
              error={fields.expiresAt}
              data-testid="api-key-expiry-date"
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!name.trim() || (expiry === 'date' && !day)}
              data-testid="api-key-create-submit"
            >
              {t('apiKeys.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
