import { Badge, Button, Card, Drawer, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api.ts';
import { useFormat } from '../../format.ts';
import type { DeliveryDetail } from '../../types.ts';
import { DeliveryStatusBadge } from '../Badges.tsx';
import { JsonBlock } from '../JsonBlock.tsx';
import { Field } from '../Field.tsx';
import { ErrorState, PageLoader } from '../States.tsx';
import { useApiMutation } from '../useApiMutation.ts';
import { deliveryErrorText } from './deliveryError.ts';

export function DeliveryDrawer({
  deliveryId,
  onClose,
  onOpen,
}: {
  deliveryId: string | null;
  onClose: () => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['webhook-delivery', deliveryId],
    queryFn: () => get<DeliveryDetail>(`/webhook-deliveries/${deliveryId}`),
    enabled: !!deliveryId,
    // Keep following a delivery that is still on its way.
    refetchInterval: (query) =>
      query.state.data && ['pending', 'retrying'].includes(query.state.data.status) ? 3000 : false,
  });
  const replay = useApiMutation({
    mutationFn: (id: string) => post<DeliveryDetail>(`/webhook-deliveries/${id}/replay`),
    success: () => t('webhooks.replayed'),
    invalidate: [['webhook-deliveries']],
    onSuccess: (d) => onOpen(d.id),
  });
  const d = q.data;

  return (
    <Drawer
      opened={!!deliveryId}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Title order={4}>{t('webhooks.deliveryTitle')}</Title>}
      data-testid="delivery-drawer"
    >
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : d ? (
        <Stack gap="lg">
          <Group justify="space-between">
            <Group gap="xs">
              <DeliveryStatusBadge status={d.status} />
              <Text className="kt-mono">{d.eventType}</Text>
            </Group>
            <Button
              size="xs"
              variant="light"
              loading={replay.isPending}
              onClick={() => replay.mutate(d.id)}
              data-testid="delivery-replay"
            >
              {t('webhooks.replayAction')}
            </Button>
          </Group>
          <SimpleGrid cols={2} spacing="sm">
            <Field label={t('webhooks.createdAt')}>{f.precise(d.createdAt)}</Field>
            <Field label={t('webhooks.completedAt')}>{f.precise(d.completedAt)}</Field>
            <Field label={t('webhooks.attempts')}>{d.attempts}</Field>
            <Field label={t('webhooks.nextAttempt')}>{f.precise(d.nextAttemptAt)}</Field>
            <Field label={t('webhooks.eventId')}>
              <span className="kt-mono">{d.eventId}</span>
            </Field>
            {d.replayOf && (
              <Field label={t('webhooks.replayOf')}>
                <Button variant="subtle" size="compact-xs" onClick={() => onOpen(d.replayOf!)}>
                  <span className="kt-mono">{d.replayOf.slice(0, 13)}…</span>
                </Button>
              </Field>
            )}
          </SimpleGrid>

          <Stack gap="xs">
            <Text fw={600}>{t('webhooks.attemptLog')}</Text>
            <Text size="xs" c="dimmed">
              {t('webhooks.attemptLogNote')}
            </Text>
            {d.attemptLog.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('webhooks.noAttempts')}
              </Text>
            ) : (
              d.attemptLog.map((a) => (
                <Card key={a.attempt} withBorder padding="sm">
                  <Group justify="space-between" mb={4}>
                    <Group gap="xs">
                      <Badge variant="light" color={a.statusCode && a.statusCode < 300 ? 'teal' : 'red'}>
                        {a.statusCode ?? t('webhooks.noResponse')}
                      </Badge>
                      <Text size="sm">{t('webhooks.attemptN', { n: a.attempt })}</Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {f.precise(a.startedAt)} · {a.durationMs} ms
                    </Text>
                  </Group>
                  {a.error && (
                    <Text size="sm" c="red">
                      {deliveryErrorText(a.error, t)}
                    </Text>
                  )}
                </Card>
              ))
            )}
          </Stack>

          <Stack gap="xs">
            <Text fw={600}>{t('webhooks.payload')}</Text>
            <JsonBlock value={d.payload} maxHeight={420} testId="delivery-payload" />
          </Stack>
        </Stack>
      ) : null}
    </Drawer>
  );
}
