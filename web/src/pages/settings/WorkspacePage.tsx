import { Button, Card, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch } from '../../api.ts';
import type { BodyOf } from '../../api/contract.ts';
import { fieldErrorsOf } from '../../forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../components/States.tsx';
import { useApiMutation } from '../../components/useApiMutation.ts';
import { useFormat } from '../../format.ts';
import { fetchMe, useSession } from '../../session.tsx';
import type { Workspace } from '../../types.ts';
import { CURRENCIES } from '../../currencies.ts';

/** The workspace's currency when it has no setting (the server's default too). */
const DEFAULT_CURRENCY = 'RUB';

export function WorkspacePage() {
  const { t } = useTranslation();
  const { can, setMe } = useSession();
  const f = useFormat();
  const q = useQuery({ queryKey: ['workspace'], queryFn: () => get<Workspace>('/workspace') });
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState(DEFAULT_CURRENCY);
  const savedCurrency = typeof q.data?.settings.currency === 'string' ? q.data.settings.currency : DEFAULT_CURRENCY;
  useEffect(() => {
    if (q.data) {
      setName(q.data.name);
      setCurrency(savedCurrency);
    }
  }, [q.data, savedCurrency]);
  const rename = useApiMutation({
    mutationFn: () =>
      patch<Workspace>('/workspace', {
        name: name.trim(),
        ...(currency !== savedCurrency ? { settings: { currency } } : {}),
      } satisfies BodyOf<'updateWorkspace'>),
    success: () => (currency !== savedCurrency ? t('workspace.saved') : t('workspace.renamed')),
    invalidate: [['workspace']],
    // The header shows the name from `me`, so refresh it too.
    onSuccess: () => void fetchMe().then((m) => m && setMe(m)),
  });
  const fields = fieldErrorsOf(rename.error);
  const manage = can('settings:manage');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate();
  };

  return (
    <>
      <PageHeader title={t('nav.settings.workspace')} description={t('workspace.description')} />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Card withBorder padding="lg">
          <form onSubmit={submit} noValidate>
            <Stack gap="md" maw={440}>
              <TextInput
                label={t('workspace.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                readOnly={!manage}
                required
                error={fields.name}
                data-testid="workspace-name-input"
              />
              <Select
                label={t('workspace.currency')}
                description={t('workspace.currencyHint')}
                data={CURRENCIES.includes(savedCurrency) ? CURRENCIES : [savedCurrency, ...CURRENCIES]}
                value={currency}
                onChange={(v) => setCurrency(v ?? savedCurrency)}
                allowDeselect={false}
                searchable
                readOnly={!manage}
                error={fields['settings.currency'] ?? fields.currency}
                data-testid="workspace-currency"
              />
              <TextInput
                label={t('workspace.slug')}
                description={t('workspace.slugHint')}
                value={q.data.slug}
                readOnly
                variant="filled"
              />
              <Text size="sm" c="dimmed">
                {t('workspace.created', { date: f.dateTime(q.data.createdAt) })}
              </Text>
              {manage && (
                <Group>
                  <Button
                    type="submit"
                    loading={rename.isPending}
                    disabled={!name.trim() || (name.trim() === q.data.name && currency === savedCurrency)}
                    data-testid="workspace-save"
                  >
                    {t('common.save')}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Card>
      )}
    </>
  );
}
