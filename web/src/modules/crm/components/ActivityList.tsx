import { ActionIcon, Anchor, Badge, Checkbox, Group, Menu, Modal, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { del, get, patch, post } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconDots } from '../../../components/icons.tsx';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { ActivityComposer } from './ActivityComposer.tsx';
import { ACTIVITIES_KEY, SALES_KEYS, refName, useDuration } from './sales-api.ts';
import type { Activity, Page } from './sales-types.ts';

export const KIND_COLORS: Record<string, string> = {
  call: 'blue',
  meeting: 'grape',
  visit: 'orange',
  task: 'yellow',
  note: 'gray',
  email: 'cyan',
};

export type ActivityFilter = Partial<
  Record<'kind' | 'personId' | 'companyId' | 'dealId' | 'ownerId' | 'assigneeId' | 'from' | 'to', string>
> & { open?: boolean };

/** Marks a task done (or open again): one click, everywhere tasks are listed. */
export function useCompleteTask() {
  const { t } = useTranslation();
  return useApiMutation({
    mutationFn: (a: Activity) =>
      a.doneAt
        ? patch<Activity>(`/activities/${a.id}`, { done: false })
        : post<Activity>(`/activities/${a.id}/complete`, {}),
    success: (a, orig) =>
      orig.doneAt
        ? t('crm.activities.reopened')
        : t('crm.activities.completed', { subject: a.subject ?? orig.subject ?? '' }),
    invalidate: SALES_KEYS,
  });
}

/** Activities of a person, company or deal (or the whole team with filters), newest first. */
export function ActivityList({
  filter,
  showRelated = true,
  emptyText,
}: {
  filter: ActivityFilter;
  showRelated?: boolean;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const query = { ...filter, open: filter.open ? true : undefined, limit: 30 };
  const list = useInfiniteQuery({
    queryKey: [...ACTIVITIES_KEY, query],
    queryFn: ({ pageParam }) => get<Page<Activity>>('/activities', { ...query, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (rows.length === 0)
    return (
      <Empty
        title={t('crm.activities.empty')}
        description={emptyText ?? t('crm.activities.emptyText')}
        testId="activities-empty"
      />
    );
  return (
    <>
      <Stack gap="xs" data-testid="activity-list">
        {rows.map((a) => (
          <ActivityItem key={a.id} activity={a} showRelated={showRelated} datedBy={filter.open ? 'due' : 'occurred'} />
        ))}
      </Stack>
      <LoadMore
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </>
  );
}

/**
 * `datedBy`: the date a list is sorted by comes first, so that the dates read in order — a history
 * (newest first by when it happened) shows a task's due date after it, a to-do list the due date alone.
 */
export function ActivityItem({
  activity: a,
  showRelated = true,
  badge,
  datedBy = 'due',
}: {
  activity: Activity;
  showRelated?: boolean;
  badge?: React.ReactNode;
  datedBy?: 'due' | 'occurred';
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const dur = useDuration();
  const { can } = useSession();
  const writable = can('crm:write');
  const complete = useCompleteTask();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useApiMutation({
    mutationFn: () => del(`/activities/${a.id}`),
    success: t('crm.activities.deleted'),
    invalidate: SALES_KEYS,
    onSuccess: () => setDeleting(false),
  });
  const isTask = a.kind === 'task';
  const overdue = a.overdue ?? (isTask && !a.doneAt && !!a.dueAt && new Date(a.dueAt) < new Date());
  const meta = [
    a.kind === 'call' || a.kind === 'email'
      ? a.direction
        ? t(`crm.activities.direction.${a.direction}`)
        : null
      : null,
    a.outcome
      ? t(`crm.activities.outcomes.${a.outcome}` as 'crm.activities.outcomes.busy', { defaultValue: a.outcome })
      : null,
    a.durationSeconds ? dur(a.durationSeconds) : null,
    a.location,
    a.phone,
  ].filter(Boolean);
  const related = showRelated
    ? [
        a.personId && { to: `/people/${a.personId}`, label: refName(a.person, a.personId) },
        a.companyId && { to: `/companies/${a.companyId}`, label: refName(a.company, a.companyId) },
        a.dealId && { to: `/deals/${a.dealId}`, label: refName(a.deal, a.dealId) },
      ].filter((x): x is { to: string; label: string } => !!x)
    : [];
  const who = a.assignee?.name ?? a.owner?.name;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid={`activity-${a.id}`}
      className={a.doneAt ? 'kt-row-muted' : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Group align="flex-start" wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
          {isTask && (
            <Checkbox
              mt={2}
              checked={!!a.doneAt}
              disabled={!writable || complete.isPending}
              onChange={() => complete.mutate(a)}
              aria-label={t('crm.activities.complete')}
              data-testid="activity-complete"
            />
          )}
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Badge size="sm" variant="light" color={KIND_COLORS[a.kind] ?? 'gray'}>
                {t(`crm.activities.kinds.${a.kind}`)}
              </Badge>
              {a.subject && (
                <Text size="sm" fw={500} td={a.doneAt ? 'line-through' : undefined}>
                  {a.subject}
                </Text>
              )}
              {badge}
              {overdue && (
                <Badge size="xs" color="red" variant="filled">
                  {t('crm.activities.overdue')}
                </Badge>
              )}
            </Group>
            {a.body && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6}>
                {a.body}
              </Text>
            )}
            {meta.length > 0 && (
              <Text size="xs" c="dimmed">
                {meta.join(' · ')}
              </Text>
            )}
            {a.recordingUrl && (
              <Anchor size="xs" href={a.recordingUrl} target="_blank" rel="noreferrer">
                {t('crm.activities.fields.recordingUrl')}
              </Anchor>
            )}
            <Group gap={8} wrap="wrap">
              {datedBy === 'occurred' && isTask && a.dueAt ? (
                <>
                  <Text size="xs" c="dimmed" data-testid="activity-date">
                    {f.dateTime(a.occurredAt)}
                  </Text>
                  <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
                    {t('crm.activities.due', { date: f.dateTime(a.dueAt) })}
                  </Text>
                </>
              ) : (
                <Text size="xs" c={overdue ? 'red' : 'dimmed'} data-testid="activity-date">
                  {isTask && a.dueAt
                    ? t('crm.activities.due', { date: f.dateTime(a.dueAt) })
                    : f.dateTime(a.occurredAt)}
                </Text>
              )}
              {who && (
                <Text size="xs" c="dimmed">
                  {t('crm.activities.by', { name: who })}
                </Text>
              )}
              {related.map((r) => (
                <Anchor key={r.to} component={Link} to={r.to} size="xs">
                  {r.label}
                </Anchor>
              ))}
            </Group>
          </Stack>
        </Group>
        {writable && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}>
                <IconDots />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => setEditing(true)}>{t('common.edit')}</Menu.Item>
              <Menu.Item color="red" onClick={() => setDeleting(true)}>
                {t('common.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t(`crm.activities.kinds.${a.kind}`)}
        size="lg"
        centered
      >
        <ActivityComposer
          editing={a}
          personId={a.personId}
          companyId={a.companyId}
          dealId={a.dealId}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      </Modal>
      <ConfirmModal
        opened={deleting}
        title={t('crm.activities.deleteTitle')}
        message={t('crm.activities.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Paper>
  );
}
