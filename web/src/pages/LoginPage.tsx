import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Collapse,
  Divider,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../api.ts';
import { fieldErrorsOf } from '../forms.ts';
import { IconAlert } from '../components/icons.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Logo } from '../components/Logo.tsx';
import { applyLanguage, toLocale } from '../i18n/language.ts';
import { errorMessage } from '../notify.ts';
import { ME_KEY } from '../session.tsx';
import type { ResponseOf } from '../api/contract.ts';
import type { Me } from '../types.ts';

const DEFAULT_INVALID = 'Wrong email or password';

/** GET /auth/demo-accounts: the demo's logins while they still have the public demo password (else none). */
type DemoAccounts = ResponseOf<'listAuthDemoAccounts'>;

/** Quick login for the demo: one click fills the form with a demo account (shown only when the demo is installed). */
function DemoAccountHints({ onPick }: { onPick: (email: string, password: string) => void }) {
  const { t } = useTranslation();
  const demo = useQuery({
    queryKey: ['auth', 'demo-accounts'],
    queryFn: () => get<DemoAccounts>('/auth/demo-accounts'),
    staleTime: 60_000,
    retry: false,
  });
  const password = demo.data?.password;
  if (!password || !demo.data?.accounts.length) return null;
  return (
    <Stack gap={6} data-testid="login-demo">
      <Divider label={t('login.demoTitle')} labelPosition="center" />
      <Text size="xs" c="dimmed" ta="center">
        {t('login.demoHint', { password })}
      </Text>
      {demo.data.accounts.map((a) => (
        <UnstyledButton
          key={a.email}
          onClick={() => onPick(a.email, password)}
          data-testid="login-demo-account"
          data-email={a.email}
          data-user-content
          px="sm"
          py={6}
          style={{ borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate="end">
                {a.name}
              </Text>
              <Text size="xs" c="dimmed" truncate="end" title={a.email}>
                {a.email}
              </Text>
            </Stack>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {t(`roles.names.${a.role}`, { defaultValue: a.role })}
            </Text>
          </Group>
        </UnstyledButton>
      ))}
    </Stack>
  );
}

export function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspace, setWorkspace] = useState('');
  const [more, { toggle }] = useDisclosure(false);

  const login = useMutation({
    mutationFn: () =>
      post<Me>('/auth/login', { email, password, ...(workspace.trim() ? { workspace: workspace.trim() } : {}) }),
    onSuccess: (me) => {
      // Logging in is the moment the account's own language takes over.
      const lang = toLocale(me.user?.locale);
      if (lang) applyLanguage(lang);
      qc.setQueryData(ME_KEY, me);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };

  const err = login.error;
  const fields = fieldErrorsOf(err);
  let message: string | null = null;
  if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS')
    message = err.message === DEFAULT_INVALID ? t('login.invalid') : `${t('login.invalid')} ${err.message}`;
  else if (err instanceof ApiError && err.code === 'RATE_LIMITED') message = t('login.rateLimited');
  else if (err && Object.keys(fields).length === 0) message = errorMessage(err);

  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center px="md" pb={80}>
        <Paper withBorder shadow="sm" p="xl" radius="lg" w={400} maw="100%">
          <Stack gap="lg">
            <Stack gap={6} align="center">
              <Logo size={36} />
              <Title order={3} ta="center" mt="sm">
                {t('login.title')}
              </Title>
              <Text size="sm" c="dimmed" ta="center">
                {t('login.subtitle')}
              </Text>
            </Stack>
            {message && (
              <Alert color="red" variant="light" icon={<IconAlert />} data-testid="login-error">
                {message}
              </Alert>
            )}
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <TextInput
                  label={t('login.email')}
                  type="email"
                  autoComplete="username"
                  required
                  autoFocus
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={fields.email}
                  data-testid="login-email"
                />
                <PasswordInput
                  visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
                  label={t('login.password')}
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={fields.password}
                  data-testid="login-password"
                />
                <Anchor component="button" type="button" size="sm" onClick={toggle} ta="left" data-testid="login-more">
                  {more ? t('login.less') : t('login.more')}
                </Anchor>
                <Collapse expanded={more}>
                  <TextInput
                    label={t('login.workspace')}
                    description={t('login.workspaceHint')}
                    placeholder="default"
                    value={workspace}
                    onChange={(e) => setWorkspace(e.currentTarget.value)}
                    error={fields.workspace}
                    data-testid="login-workspace"
                  />
                </Collapse>
                <Button
                  type="submit"
                  fullWidth
                  loading={login.isPending}
                  disabled={!email || !password}
                  data-testid="login-submit"
                >
                  {t('login.submit')}
                </Button>
              </Stack>
            </form>
            <DemoAccountHints
              onPick={(e, p) => {
                setEmail(e);
                setPassword(p);
                login.reset();
              }}
            />
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
