import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../api.ts';
import { fieldErrorsOf } from '../../forms.ts';
import type { Member } from '../../types.ts';
import { useApiMutation } from '../useApiMutation.ts';

export function ResetPasswordModal({ user, onClose }: { user: Member | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const save = useApiMutation({
    mutationFn: () => patch<Member>(`/users/${user!.id}`, { password }),
    success: (m) => t('users.passwordReset', { name: m.name }),
    invalidate: [['users']],
    onSuccess: onClose,
  });
  useEffect(() => {
    setPassword('');
    setLocal(null);
    save.reset();
  }, [user]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < 8) return setLocal(t('validation.passwordLength'));
    setLocal(null);
    save.mutate();
  };
  return (
    <Modal opened={!!user} onClose={onClose} title={t('users.resetTitle', { name: user?.name ?? '' })} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('users.resetHint')}
          </Text>
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('users.newPassword')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={local ?? fieldErrorsOf(save.error).password}
            data-testid="reset-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="reset-password-save">
              {t('users.resetPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
