import { Badge, Button, Card, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { IconPlus, IconWebhook } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { EventTypeBadges } from '../../components/webhooks/EventTypeBadges.tsx';
import { WebhookFormModal } from '../../components/webhooks/WebhookFormModal.tsx';
import { useFormat } from '../../format.ts';

export function WebhooksPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['webhooks'], queryFn: () => get<ResponseOf<'listWebhooks'>>('/webhooks') });
  const [creating, setCreating] = useState(false);
  const hooks = q.data?.data ?? [];
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-webhook">
      {t('webhooks.create')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('nav.settings.webhooks')}
        description={t('webhooks.description')}
        actions={hooks.length > 0 && add}
      />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : hooks.length === 0 ? (
        <Empty
          icon={<IconWebhook size={28} />}
          title={t('webhooks.empty')}
          description={t('webhooks.emptyText')}
          action={add}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="webhooks-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.url')}</Table.Th>
                  <Table.Th>{t('webhooks.events')}</Table.Th>
                  <Table.Th>{t('webhooks.state')}</Table.Th>
                  <Table.Th>{t('webhooks.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {hooks.map((w) => (
                  <Table.Tr
                    key={w.id}
                    className="kt-clickable"
                    onClick={() => navigate(`/settings/webhooks/${w.id}`)}
                    data-testid={`webhook-row-${w.id}`}
                  >
                    <Table.Td maw={360}>
                      <Text size="sm" className="kt-mono" truncate>
                        {w.url}
                      </Text>
                      {w.description && (
                        <Text size="xs" c="dimmed" truncate>
                          {w.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <EventTypeBadges types={w.eventTypes} />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={w.active ? 'teal' : 'gray'} variant={w.active ? 'dot' : 'outline'}>
                        {w.active ? t('webhooks.active') : t('webhooks.paused')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.date(w.createdAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <WebhookFormModal
        opened={creating}
        webhook={null}
        onClose={() => setCreating(false)}
        onSaved={(w) => navigate(`/settings/webhooks/${w.id}`)}
      />
    </>
  );
}
