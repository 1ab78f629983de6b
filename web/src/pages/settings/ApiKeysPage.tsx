import { Badge, Button, Card, Code, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { CreateApiKeyModal, type CreatedKey } from '../../components/apiKeys/CreateApiKeyModal.tsx';
import { NewKeyModal } from '../../components/apiKeys/NewKeyModal.tsx';
import { RoleBadge } from '../../components/Badges.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { IconKey, IconPlus } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { useApiMutation } from '../../components/useApiMutation.ts';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';
import type { ApiKey } from '../../types.ts';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const f = useFormat();
  const q = useQuery({ queryKey: ['api-keys'], queryFn: () => get<ResponseOf<'listApiKeys'>>('/api-keys') });
  // Only to show who created a key by name; the table works without it.
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => get<ResponseOf<'listUsers'>>('/users'),
    enabled: can('settings:read'),
  });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const revoke = useApiMutation({
    mutationFn: (k: ApiKey) => del<ResponseOf<'deleteApiKey'>>(`/api-keys/${k.id}`),
    success: (k) => t('apiKeys.revoked', { name: k.name }),
    invalidate: [['api-keys']],
    onSuccess: () => setRevoking(null),
  });

  const names = new Map((users.data?.data ?? []).map((u) => [u.id, u.name]));
  const creator = (id: string | null) => (id ? (names.get(id) ?? id.slice(0, 8)) : t('apiKeys.system'));
  const keys = q.data?.data ?? [];

  return (
    <>
      <PageHeader
        title={t('nav.settings.apiKeys')}
        description={t('apiKeys.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-api-key">
            {t('apiKeys.create')}
          </Button>
        }
      />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : keys.length === 0 ? (
        <Empty icon={<IconKey size={28} />} title={t('apiKeys.empty')} description={t('apiKeys.emptyText')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={980}>
            <Table verticalSpacing="sm" data-testid="api-keys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('apiKeys.name')}</Table.Th>
                  <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                  <Table.Th>{t('users.role')}</Table.Th>
                  <Table.Th>{t('apiKeys.createdBy')}</Table.Th>
                  <Table.Th>{t('apiKeys.createdAt')}</Table.Th>
                  <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                  <Table.Th>{t('apiKeys.expires')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.map((k) => (
                  <Table.Tr
                    key={k.id}
                    className={k.revokedAt ? 'kt-row-muted' : undefined}
                    data-testid={`api-key-row-${k.id}`}
                  >
                    <Table.Td>
                      <Text size="sm" fw={500} td={k.revokedAt ? 'line-through' : undefined}>
                        {k.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{k.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={k.role} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{creator(k.createdBy)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.dateTime(k.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t('apiKeys.never')}</Text>
                    </Table.Td>
                    <Table.Td data-testid="api-key-expires">
                      {!k.expiresAt ? (
                        <Text size="sm" c="dimmed">
                          {t('apiKeys.noExpiry')}
                        </Text>
                      ) : new Date(k.expiresAt).getTime() <= Date.now() ? (
                        <Tooltip label={f.dateTime(k.expiresAt)}>
                          <Badge color="orange" variant="outline">
                            {t('apiKeys.expired', { date: f.date(k.expiresAt) })}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Text size="sm">{f.dateTime(k.expiresAt)}</Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      {k.revokedAt ? (
                        <Tooltip label={f.dateTime(k.revokedAt)}>
                          <Badge color="gray" variant="outline">
                            {t('apiKeys.revokedOn', { date: f.date(k.revokedAt) })}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          onClick={() => setRevoking(k)}
                          data-testid="revoke-api-key"
                        >
                          {t('apiKeys.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      <CreateApiKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(k) => {
          setCreating(false);
          setCreated(k);
        }}
      />
      <NewKeyModal created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={!!revoking}
        title={t('apiKeys.revokeTitle', { name: revoking?.name ?? '' })}
        message={t('apiKeys.revokeText')}
        confirmLabel={t('apiKeys.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
