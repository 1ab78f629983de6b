import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { del, get, post } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { IconArrowLeft } from '../../components/icons.tsx';
import { ErrorState, PageLoader } from '../../components/States.tsx';
import { useApiMutation } from '../../components/useApiMutation.ts';
import { DeliveryLog } from '../../components/webhooks/DeliveryLog.tsx';
import { EventTypeBadges } from '../../components/webhooks/EventTypeBadges.tsx';
import { SigningSecret } from '../../components/webhooks/SigningSecret.tsx';
import { WebhookFormModal } from '../../components/webhooks/WebhookFormModal.tsx';
import { useFormat } from '../../format.ts';
import type { Webhook } from '../../types.ts';

export function WebhookDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['webhook', id], queryFn: () => get<Webhook>(`/webhooks/${id}`) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const test = useApiMutation({
    mutationFn: () => post(`/webhooks/${id}/test`),
    success: () => t('webhooks.testSent'),
    invalidate: [['webhook-deliveries', id]],
  });
  const remove = useApiMutation({
    mutationFn: () => del(`/webhooks/${id}`),
    success: () => t('webhooks.deleted'),
    invalidate: [['webhooks']],
    onSuccess: () => navigate('/settings/webhooks'),
  });

  const back = (
    <Anchor component={Link} to="/settings/webhooks" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('webhooks.back')}
      </Group>
    </Anchor>
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError)
    return (
      <Stack>
        {back}
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </Stack>
    );
  const w = q.data;

  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="sm">
            <Title order={3} ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="webhook-title">
              {w.url}
            </Title>
            <Badge color={w.active ? 'teal' : 'gray'} variant={w.active ? 'dot' : 'outline'}>
              {w.active ? t('webhooks.active') : t('webhooks.paused')}
            </Badge>
          </Group>
          {w.description && <Text c="dimmed">{w.description}</Text>}
        </Stack>
        <Group gap="xs">
          {/* A paused subscription cancels every delivery, a test one too, so offer the test only when it can work. */}
          <Tooltip label={t('webhooks.testPaused')} disabled={w.active}>
            <Button
              variant="light"
              loading={test.isPending}
              disabled={!w.active}
              onClick={() => test.mutate()}
              data-testid="webhook-test"
            >
              {t('webhooks.sendTest')}
            </Button>
          </Tooltip>
          <Button variant="default" onClick={() => setEditing(true)} data-testid="webhook-edit">
            {t('common.edit')}
          </Button>
          <Button variant="subtle" color="red" onClick={() => setDeleting(true)} data-testid="webhook-delete">
            {t('common.delete')}
          </Button>
        </Group>
      </Group>
      {!w.active && (
        <Text size="sm" c="orange">
          {t('webhooks.pausedNote')}
        </Text>
      )}

      <Card withBorder padding="lg">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('webhooks.events')}
            </Text>
            <EventTypeBadges types={w.eventTypes} max={8} />
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('webhooks.createdAt')}
            </Text>
            <Text size="sm">{f.dateTime(w.createdAt)}</Text>
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('webhooks.updatedAt')}
            </Text>
            <Text size="sm">{f.dateTime(w.updatedAt)}</Text>
          </Stack>
        </SimpleGrid>
      </Card>

      <SigningSecret webhook={w} />
      <DeliveryLog webhookId={w.id} />

      <WebhookFormModal
        opened={editing}
        webhook={w}
        onClose={() => setEditing(false)}
        onSaved={() => void q.refetch()}
      />
      <ConfirmModal
        opened={deleting}
        title={t('webhooks.deleteTitle')}
        message={t('webhooks.deleteText', { url: w.url })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}
