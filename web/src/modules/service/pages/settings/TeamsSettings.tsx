import {
  ActionIcon,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { type BusinessCalendar, CALENDARS_KEY, type Team, TEAMS_KEY, useMembers, useTeams } from '../../api.ts';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';

const ASSIGNMENTS = ['round_robin', 'least_busy', 'none'] as const;
type Assignment = (typeof ASSIGNMENTS)[number];

export type Calendar = BusinessCalendar;

/** The business calendars (S-SLA's /business-calendars), null when the server has none of them. */
export function useCalendars() {
  return useQuery({
    queryKey: CALENDARS_KEY,
    queryFn: async () => {
      try {
        return (await get<{ data: Calendar[] }>('/business-calendars')).data;
      } catch {
        return null;
      }
    },
  });
}

const memberIdsOf = (x: Team) => x.memberIds;

/** Teams: who answers (members), how new conversations find one of them, and the hours their SLA counts. */
export function TeamsSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useTeams();
  const members = useMembers();
  const calendars = useCalendars();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const name = (id: string) => members.data?.find((m) => m.id === id)?.name ?? '—';

  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === null) return <NotAvailable />;
  return (
    <>
      <NewButton
        label={t('service.settings.teams.new')}
        onClick={() => setCreating(true)}
        testId="team-new"
        can={can('service:write')}
      />
      {q.data.length === 0 ? (
        <Empty testId="teams-empty" title={t('service.settings.teams.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="teams-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('service.settings.name')}</Table.Th>
                  <Table.Th>{t('service.settings.teams.members')}</Table.Th>
                  <Table.Th>{t('service.settings.teams.assignment')}</Table.Th>
                  <Table.Th>{t('service.settings.teams.calendar')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((x) => {
                  const a = (x as Team & { assignment?: Assignment }).assignment;
                  return (
                    <Table.Tr key={x.id} data-testid="team-row">
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {x.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" maw={320}>
                          {memberIdsOf(x).map(name).join(', ') || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{a ? t(`service.settings.teams.assignments.${a}`) : '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {x.calendarId
                            ? (calendars.data?.find((c) => c.id === x.calendarId)?.name ?? '—')
                            : t('service.settings.teams.calendarNone')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {can('service:write') && (
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('service.settings.delete')}
                            onClick={() => setDeleting(x)}
                          >
                            ×
                          </ActionIcon>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <TeamModal opened={creating} calendars={calendars.data ?? []} onClose={() => setCreating(false)} />
      <DeleteConfirm target={deleting} path="/teams" queryKey={TEAMS_KEY} onClose={() => setDeleting(null)} />
    </>
  );
}

function TeamModal({ opened, calendars, onClose }: { opened: boolean; calendars: Calendar[]; onClose: () => void }) {
  const { t } = useTranslation();
  const members = useMembers();
  const [name, setName] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [assignment, setAssignment] = useState<Assignment>('round_robin');
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const create = useApiMutation({
    mutationFn: () => post('/teams', { name: name.trim(), memberIds, assignment, calendarId }),
    success: () => t('service.settings.teams.created'),
    invalidate: [TEAMS_KEY],
    onSuccess: () => {
      setName('');
      setMemberIds([]);
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('service.settings.teams.new')}>
      <Stack gap="sm">
        <TextInput
          label={t('service.settings.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="team-name"
        />
        <MultiSelect
          label={t('service.settings.teams.members')}
          data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
          value={memberIds}
          onChange={setMemberIds}
          searchable
          data-testid="team-members"
        />
        <Select
          label={t('service.settings.teams.assignment')}
          data={ASSIGNMENTS.map((a) => ({ value: a, label: t(`service.settings.teams.assignments.${a}`) }))}
          value={assignment}
          onChange={(v) => setAssignment((v as Assignment) ?? 'round_robin')}
          allowDeselect={false}
        />
        <Select
          label={t('service.settings.teams.calendar')}
          placeholder={t('service.settings.teams.calendarNone')}
          data={calendars.map((c) => ({ value: c.id, label: c.name }))}
          value={calendarId}
          onChange={setCalendarId}
          clearable
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!name.trim()}
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="team-create"
          >
            {t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
