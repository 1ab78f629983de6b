import { Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../api.ts';
import { fieldErrorsOf } from '../../forms.ts';
import type { Invitation, Member, Role } from '../../types.ts';
import { RoleSelect } from '../RoleSelect.tsx';
import { useApiMutation } from '../useApiMutation.ts';

/**
 * Invites someone by email (`user` absent), or changes a member's role here. A member's name,
 * language and password are their own: the workspace does not edit them.
 */
export function UserFormModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: Member | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [locale, setLocale] = useState('ru');
  const [local, setLocal] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!opened) return;
    setEmail(user?.email ?? '');
    setName(user?.name ?? '');
    setPassword('');
    setRole(user?.role ?? 'viewer');
    setLocale(i18n.language);
    setLocal({});
  }, [opened, user, i18n.language]);

  const save = useApiMutation<Member | Invitation>({
    mutationFn: () =>
      user
        ? patch<Member>(`/users/${user.id}`, { role })
        : post<Invitation>('/users', { email: email.trim(), name: name.trim(), password, role, locale }),
    success: (m) => (user ? t('users.updated', { name: m.name }) : t('users.invitedDone', { email: m.email })),
    invalidate: [['users'], ['invitations']],
    onSuccess: onClose,
  });
  useEffect(() => {
    if (opened) save.reset();
  }, [opened]);

  const fields = { ...fieldErrorsOf(save.error), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!user && password.length < 8) errs.password = t('validation.passwordLength');
    setLocal(errs);
    if (Object.keys(errs).length === 0) save.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.roleTitle', { name: user.name }) : t('users.addTitle')}
      centered
      size="md"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {user ? (
            <>
              <Text size="sm">
                {user.name} · {user.email}
              </Text>
              <Text size="xs" c="dimmed">
                {t('users.ownLogin')}
              </Text>
            </>
          ) : (
            <>
              <TextInput
                label={t('users.email')}
                type="email"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fields.email}
                data-testid="user-email"
              />
              <TextInput
                label={t('users.name')}
                description={t('users.nameHint')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={fields.name}
                data-testid="user-name"
              />
              <PasswordInput
                visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
                label={t('users.password')}
                description={`${t('users.passwordHint')} ${t('validation.passwordLength')}`}
                required
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fields.password}
                data-testid="user-password"
              />
            </>
          )}
          <RoleSelect value={role} onChange={setRole} error={fields.role} data-testid="user-role" />
          {!user && (
            <Select
              label={t('users.language')}
              data={[
                { value: 'ru', label: 'Русский' },
                { value: 'en', label: 'English' },
              ]}
              value={locale}
              onChange={(v) => v && setLocale(v)}
              allowDeselect={false}
              error={fields.locale}
              data-testid="user-locale"
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!user && (!name.trim() || !email.trim())}
              data-testid="user-save"
            >
              {user ? t('common.save') : t('users.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
