import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { del, post } from '../../../api.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconArrowLeft, IconRefresh } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { notifySuccess } from '../../../notify.ts';
import { useSession } from '../../../session.tsx';
import { kindOf, SEGMENTS_KEY, type Segment, segmentKey, useSegment } from '../components/segments/api.ts';
import { AddMembers, UploadList } from '../components/segments/ListTools.tsx';
import { MembersTable, membersKey } from '../components/segments/MembersTable.tsx';
import { RuleBuilder } from '../components/segments/RuleBuilder.tsx';
import { SizeChart } from '../components/segments/SizeChart.tsx';

/** Whether the stored membership is behind the rule (a job is computing it). */
const computing = (s: Segment) => kindOf(s) === 'rule' && s.computedVersion !== s.version;

/** /segments/:id: size, members, size history, recompute; a list's members are added, removed and uploaded here. */
export function SegmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { can } = useSession();
  const writable = can('cdp:write');
  // Set by "Recompute": the computedAt the page waits to see change (a job runs it).
  const [queued, setQueued] = useState<string | null | undefined>(undefined);
  const [deleting, setDeleting] = useState(false);
  const q = useSegment(id);
  const s = q.data;
  const waiting = !!s && (computing(s) || (queued !== undefined && s.computedAt === queued));
  const refetch = q.refetch;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refetch(), 1000);
    return () => clearInterval(timer);
  }, [waiting, refetch]);
  // A new computation: the members are read again (and a recompute asked for here is reported done).
  const computedAt = s?.computedAt;
  const lastComputed = useRef(computedAt);
  useEffect(() => {
    if (computedAt === lastComputed.current) return;
    lastComputed.current = computedAt;
    void qc.invalidateQueries({ queryKey: membersKey(id) });
    if (queued !== undefined && computedAt !== queued) {
      setQueued(undefined);
      notifySuccess(t('segmentation.recomputed'));
    }
  }, [computedAt, id, qc, queued, t]);

  const recompute = useApiMutation({
    mutationFn: () => post<{ jobId: string }>(`/segments/${id}/recompute`),
    success: t('segmentation.recomputeQueued'),
    onSuccess: () => setQueued(s?.computedAt ?? null),
  });
  const remove = useApiMutation({
    mutationFn: () => del(`/segments/${id}`),
    success: t('segmentation.deleted', { name: s?.name ?? '' }),
    invalidate: [SEGMENTS_KEY],
    onSuccess: () => navigate('/segments'),
  });
  const removeMember = useApiMutation({
    mutationFn: (personId: string) =>
      post<{ removed: number }>(`/segments/${id}/members/remove`, { personIds: [personId] }),
    success: t('segmentation.list.removed'),
    invalidate: [segmentKey(id)],
  });

  if (q.isPending) return <PageLoader />;
  if (q.isError || !s) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const isList = kindOf(s) === 'list';

  return (
    <Stack gap="md" data-testid="segment-page" data-id={s.id}>
      <Anchor component={Link} to="/segments" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('nav.segments')}
        </Group>
      </Anchor>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span data-testid="segment-title">{s.name}</span>
            <Badge variant="light" color={isList ? 'grape' : 'blue'}>
              {t(`segmentation.kinds.${kindOf(s)}`)}
            </Badge>
          </Group>
        }
        description={s.description ?? undefined}
        actions={
          <>
            {
              <Button
                component="a"
                href={`/api/v1/segments/${s.id}/export.csv`}
                variant="default"
                data-testid="segment-export"
              >
                {t('segmentation.exportCsv')}
              </Button>
            }
            {writable && !isList && (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                loading={recompute.isPending}
                onClick={() => recompute.mutate()}
                data-testid="segment-recompute"
              >
                {t('segmentation.recompute')}
              </Button>
            )}
            {writable && (
              <Button component={Link} to={`/segments/${s.id}/edit`} variant="default" data-testid="segment-edit">
                {t('common.edit')}
              </Button>
            )}
            {writable && (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)} data-testid="segment-delete">
                {t('common.delete')}
              </Button>
            )}
          </>
        }
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder padding="md">
          <Text size="xs" c="dimmed">
            {t('segmentation.size')}
          </Text>
          <Text size="xl" fw={700} data-testid="segment-size" data-size={s.size}>
            {f.number(s.size, 0)}
          </Text>
        </Card>
        <Card withBorder padding="md">
          <Text size="xs" c="dimmed">
            {t('segmentation.computedAt')}
          </Text>
          <Group gap="xs">
            <Text fw={600}>{s.computedAt ? f.dateTime(s.computedAt) : t('segmentation.notComputed')}</Text>
            {waiting && (
              <Badge color="yellow" variant="light" data-testid="segment-computing">
                {queued !== undefined ? t('segmentation.queued') : t('segmentation.computing')}
              </Badge>
            )}
          </Group>
        </Card>
        <Card withBorder padding="md">
          <Text size="xs" c="dimmed">
            {t('segmentation.version')}
          </Text>
          <Text fw={600}>{isList ? '—' : s.version}</Text>
        </Card>
      </SimpleGrid>
      {<SizeChart id={s.id} />}
      {isList && writable && (
        <Card withBorder padding="md">
          <Stack gap="lg">
            <AddMembers id={s.id} />
            <UploadList id={s.id} />
          </Stack>
        </Card>
      )}
      <Title order={4}>{t('segmentation.members.title')}</Title>
      <MembersTable id={s.id} onRemove={isList && writable ? (personId) => removeMember.mutate(personId) : undefined} />
      {!isList && s.rule && (
        <>
          <Title order={4}>{t('segmentation.rule')}</Title>
          <RuleBuilder rule={s.rule} onChange={() => {}} errors={{}} selfId={s.id} readOnly />
        </>
      )}
      <ConfirmModal
        opened={deleting}
        title={t('segmentation.deleteTitle', { name: s.name })}
        message={t('segmentation.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}
