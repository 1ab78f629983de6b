import { ActionIcon, Anchor, Badge, Card, Group, Menu, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { del, get, patch } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconDots } from '../../../components/icons.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { AGENDA_KEY, CADENCES_KEY } from './sales-api.ts';
import type { Cadence, Page } from './sales-types.ts';

/** Cadences (of a person, company, deal or everyone's), with pause and stop. */
export function CadenceList({
  filter = {},
}: {
  filter?: Partial<Record<'personId' | 'companyId' | 'dealId' | 'assigneeId', string>>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const list = useQuery({
    queryKey: [...CADENCES_KEY, filter],
    queryFn: () => get<Page<Cadence> | Cadence[]>('/cadences', filter).then((r) => (Array.isArray(r) ? r : r.data)),
  });
  const [stopping, setStopping] = useState<Cadence | null>(null);
  const toggle = useApiMutation({
    mutationFn: (c: Cadence) => patch<Cadence>(`/cadences/${c.id}`, { active: !c.active }),
    invalidate: [CADENCES_KEY, AGENDA_KEY],
  });
  const stop = useApiMutation({
    mutationFn: (c: Cadence) => del(`/cadences/${c.id}`),
    success: t('crm.activities.cadences.deleted'),
    invalidate: [CADENCES_KEY, AGENDA_KEY],
    onSuccess: () => setStopping(null),
  });
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0)
    return (
      <Empty
        title={t('crm.activities.cadences.empty')}
        description={t('crm.activities.cadences.emptyText')}
        testId="cadences-empty"
      />
    );
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" data-testid="cadences-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('crm.activities.fields.subject')}</Table.Th>
              <Table.Th>{t('crm.activities.fields.related')}</Table.Th>
              <Table.Th>{t('crm.activities.fields.assignee')}</Table.Th>
              <Table.Th>{t('crm.activities.cadences.every')}</Table.Th>
              <Table.Th>{t('crm.activities.cadences.startAt')}</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((c) => (
              <Table.Tr key={c.id} className={c.active ? undefined : 'kt-row-muted'}>
                <Table.Td>
                  <Group gap={6}>
                    <Badge size="sm" variant="light">
                      {t(`crm.activities.kinds.${c.kind}`)}
                    </Badge>
                    <Text size="sm">{c.subject}</Text>
                    {!c.active && (
                      <Badge size="xs" color="gray">
                        {t('crm.activities.cadences.paused')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {c.personId && (
                      <Anchor component={Link} to={`/people/${c.personId}`} size="sm">
                        {c.person?.name ?? t('crm.deals.fields.person')}
                      </Anchor>
                    )}
                    {c.companyId && (
                      <Anchor component={Link} to={`/companies/${c.companyId}`} size="sm">
                        {c.company?.name ?? t('crm.deals.fields.company')}
                      </Anchor>
                    )}
                    {c.dealId && (
                      <Anchor component={Link} to={`/deals/${c.dealId}`} size="sm">
                        {c.deal?.title ?? t('crm.deals.fields.deal')}
                      </Anchor>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td fz="sm">{c.assignee?.name ?? '—'}</Table.Td>
                <Table.Td fz="sm">{t('crm.activities.cadences.everyText', { n: c.intervalDays })}</Table.Td>
                <Table.Td fz="sm">{t('crm.activities.cadences.next', { date: f.date(c.nextDueAt) })}</Table.Td>
                <Table.Td>
                  {can('crm:write') && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}>
                          <IconDots />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => toggle.mutate(c)}>
                          {c.active ? t('crm.activities.cadences.pause') : t('crm.activities.cadences.resume')}
                        </Menu.Item>
                        <Menu.Item color="red" onClick={() => setStopping(c)}>
                          {t('common.delete')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={!!stopping}
        title={t('crm.activities.cadences.deleteTitle')}
        message={t('crm.activities.cadences.deleteText')}
        confirmLabel={t('common.delete')}
        loading={stop.isPending}
        onConfirm={() => stopping && stop.mutate(stopping)}
        onClose={() => setStopping(null)}
      />
    </Card>
  );
}
