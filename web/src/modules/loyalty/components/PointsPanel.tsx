import { Badge, Button, Card, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../../api.ts';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useSession } from '../../../session.tsx';
import { type PointEntry, POINTS_KEY, type PointsPage } from '../api.ts';

const TYPE_COLORS: Record<PointEntry['type'], string> = {
  earn: 'teal',
  spend: 'blue',
  expire: 'gray',
  adjust: 'violet',
};

/**
 * The person card's bonus points (GET /persons/{id}/points): the balance, what expires soon, the
 * ledger 20 entries at a time, and an adjustment (loyalty:write) with its reason.
 */
export function PointsPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const [adjusting, setAdjusting] = useState(false);
  const q = useInfiniteQuery({
    queryKey: [...POINTS_KEY, personId],
    queryFn: ({ pageParam }) =>
      get<PointsPage>(`/persons/${personId}/points`, { limit: 20, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = q.data?.pages[0];
  const entries = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card withBorder padding="lg" data-testid="person-points">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('loyalty.points.title')}</Title>
        {can('loyalty:write') && first && (
          <Button size="compact-sm" variant="light" onClick={() => setAdjusting(true)} data-testid="points-adjust">
            {t('loyalty.points.adjust')}
          </Button>
        )}
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        first && (
          <Stack gap="sm">
            <Group gap="xl" align="flex-end">
              <div>
                <Text size="xs" c="dimmed">
                  {t('loyalty.points.balance')}
                </Text>
                <Text size="xl" fw={700} data-testid="points-balance" data-value={first.balance}>
                  {f.number(first.balance, 0)}
                </Text>
              </div>
              <Text size="sm" c="dimmed" data-testid="points-expiring" data-value={first.expiringSoon?.points ?? ''}>
                {first.expiringSoon
                  ? t('loyalty.points.expiring', {
                      points: f.number(first.expiringSoon.points, 0),
                      at: f.date(first.expiringSoon.at),
                    })
                  : t('loyalty.points.noneExpiring')}
              </Text>
            </Group>
            {entries.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="points-empty">
                {t('loyalty.points.empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={420}>
                <Table verticalSpacing={6} data-testid="points-history">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('loyalty.points.when')}</Table.Th>
                      <Table.Th>{t('loyalty.points.why')}</Table.Th>
                      <Table.Th ta="right">{t('loyalty.points.change')}</Table.Th>
                      <Table.Th ta="right">{t('loyalty.points.after')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entries.map((e) => (
                      <Table.Tr key={e.id} data-testid="points-entry" data-type={e.type} data-points={e.points}>
                        <Table.Td>
                          <Text size="sm">{f.dateTime(e.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Badge variant="light" size="sm" color={TYPE_COLORS[e.type] ?? 'gray'}>
                              {t(`loyalty.points.types.${e.type}`, { defaultValue: e.type })}
                            </Badge>
                            <Text size="sm" truncate="end" maw={240} title={e.reason ?? undefined}>
                              {e.reason || (e.orderId ? t('loyalty.points.order', { id: e.orderId }) : '')}
                            </Text>
                          </Group>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm" fw={600} c={e.points < 0 ? 'red' : 'teal'}>
                            {e.points > 0 ? '+' : ''}
                            {f.number(e.points, 0)}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{f.number(e.balanceAfter, 0)}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
          </Stack>
        )
      )}
      <AdjustModal personId={personId} opened={adjusting} onClose={() => setAdjusting(false)} />
    </Card>
  );
}

function AdjustModal({ personId, opened, onClose }: { personId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [points, setPoints] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const close = () => {
    setPoints('');
    setReason('');
    setErrors({});
    onClose();
  };
  const save = useApiMutation({
    mutationFn: () => post(`/persons/${personId}/points`, { type: 'adjust', points, reason: reason.trim() }),
    success: t('loyalty.points.adjusted'),
    invalidate: [[...POINTS_KEY, personId]],
    onSuccess: close,
  });
  return (
    <Modal opened={opened} onClose={close} title={t('loyalty.points.adjustTitle')} data-testid="points-adjust-modal">
      <Stack gap="sm">
        <NumberInput
          label={t('loyalty.points.adjustPoints')}
          value={points}
          onChange={(v) => setPoints(typeof v === 'number' ? v : '')}
          decimalScale={0}
          allowNegative
          required
          error={errors.points}
          data-testid="points-adjust-points"
        />
        <TextInput
          label={t('loyalty.points.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          maxLength={500}
          error={errors.reason}
          data-testid="points-adjust-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            disabled={points === '' || points === 0 || !reason.trim()}
            onClick={() => {
              setErrors({});
              save.mutate(undefined, { onError: (e) => e instanceof ApiError && setErrors(fieldErrorsOf(e)) });
            }}
            data-testid="points-adjust-save"
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
