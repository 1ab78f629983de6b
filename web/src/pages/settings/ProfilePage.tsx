import { Button, Card, Group, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../api.ts';
import { fieldErrorsOf } from '../../forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiMutation } from '../../components/useApiMutation.ts';
import { applyLanguage, toLocale } from '../../i18n/language.ts';
import { useSession } from '../../session.tsx';
import type { Me } from '../../types.ts';

function ProfileForm() {
  const { me, setMe } = useSession();
  const { t } = useTranslation();
  const [name, setName] = useState(me.user?.name ?? '');
  const [locale, setLocale] = useState(me.user?.locale ?? 'ru');
  const save = useApiMutation({
    mutationFn: () => patch<Me>('/auth/me', { name: name.trim(), locale }),
    success: () => t('profile.saved'),
    onSuccess: (m) => {
      setMe(m);
      const lang = toLocale(m.user?.locale);
      if (lang) applyLanguage(lang);
    },
  });
  const fields = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={440}>
          <Title order={4}>{t('profile.details')}</Title>
          <TextInput label={t('profile.email')} value={me.user?.email ?? ''} readOnly variant="filled" />
          <TextInput
            label={t('profile.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields.name}
            data-testid="profile-name"
          />
          <Select
            label={t('profile.language')}
            data={[
              { value: 'ru', label: 'Русский' },
              { value: 'en', label: 'English' },
            ]}
            value={locale}
            onChange={(v) => v && setLocale(v)}
            allowDeselect={false}
            error={fields.locale}
            data-testid="profile-locale"
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()} data-testid="profile-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const { setMe } = useSession();
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const change = useApiMutation({
    mutationFn: () => patch<Me>('/auth/me', { currentPassword: current, password: next }),
    success: () => t('profile.passwordChanged'),
    onSuccess: (m) => {
      setMe(m);
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  const fields = { ...fieldErrorsOf(change.error), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (next.length < 8) errs.password = t('validation.passwordLength');
    else if (next !== repeat) errs.repeat = t('validation.passwordsDiffer');
    setLocal(errs);
    if (Object.keys(errs).length === 0) change.mutate();
  };
  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={440}>
          <Title order={4}>{t('profile.changePassword')}</Title>
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('profile.currentPassword')}
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fields.currentPassword}
            data-testid="profile-current-password"
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('profile.newPassword')}
            description={t('validation.passwordLength')}
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={fields.password}
            data-testid="profile-new-password"
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('profile.repeatPassword')}
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={fields.repeat}
            data-testid="profile-repeat-password"
          />
          <Group>
            <Button
              type="submit"
              loading={change.isPending}
              disabled={!current || !next}
              data-testid="profile-password-save"
            >
              {t('profile.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function ProfilePage() {
  const { me } = useSession();
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.settings.profile')} description={t('profile.description')} />
      {me.user ? (
        <Stack gap="lg">
          <ProfileForm />
          <PasswordForm />
        </Stack>
      ) : (
        <Text c="dimmed">{t('profile.apiKeySession')}</Text>
      )}
    </>
  );
}
