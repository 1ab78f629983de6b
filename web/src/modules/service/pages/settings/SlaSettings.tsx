import {
  ActionIcon,
  Button,
  Card,
  Chip,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { CALENDARS_KEY, PRIORITIES, SERVICE_CHANNELS, SLA_KEY, type SlaPolicy } from '../../api.ts';
import { duration } from '../../components/labels.ts';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';
import { type Calendar, useCalendars } from './TeamsSettings.tsx';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

type Policy = SlaPolicy;

function usePolicies() {
  return useQuery({
    queryKey: SLA_KEY,
    queryFn: async () => {
      try {
        return (await get<{ data: Policy[] }>('/sla-policies')).data;
      } catch {
        return null;
      }
    },
  });
}

/** SLA policies (targets chosen by conditions) and the business calendars their clocks run on (S-SLA's endpoints). */
export function SlaSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const policies = usePolicies();
  const calendars = useCalendars();
  const [newPolicy, setNewPolicy] = useState(false);
  const [newCalendar, setNewCalendar] = useState(false);
  const [deleting, setDeleting] = useState<{ kind: 'policy' | 'calendar'; id: string; name: string } | null>(null);
  const writable = can('service:write');
  const minutes = (m: number | null) => (m === null ? '—' : duration(t, m * 60));
  const cond = (p: Policy) => {
    const c = p.conditions as { priority?: string[]; channel?: string[] };
    return (
      [
        ...(c.priority ?? []).map((x) => t(`service.priorities.${x as 'low'}`, { defaultValue: x })),
        ...(c.channel ?? []).map((x) => t(`service.channels.${x as 'email'}`, { defaultValue: x })),
      ].join(', ') || t('service.settings.sla.allConversations')
    );
  };
  const hours = (c: Calendar) => {
    const days = WEEKDAYS.filter((d) => (c.hours[d] ?? []).length > 0);
    const first = days[0] ? c.hours[days[0]]![0] : null;
    return first
      ? t('service.settings.sla.hoursSummary', {
          days: days.map((d) => t(`service.settings.sla.weekdays.${d}`)).join(', '),
          start: first.start,
          end: first.end,
        })
      : '—';
  };

  return (
    <Stack gap="lg">
      <div>
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('service.settings.sla.policies')}</Title>
        </Group>
        {policies.isPending ? (
          <PageLoader />
        ) : policies.isError ? (
          <ErrorState error={policies.error} />
        ) : policies.data === null ? (
          <NotAvailable />
        ) : (
          <>
            <NewButton
              label={t('service.settings.sla.newPolicy')}
              onClick={() => setNewPolicy(true)}
              testId="sla-new"
              can={writable}
            />
            {policies.data.length === 0 ? (
              <Empty testId="sla-empty" title={t('service.settings.sla.noPolicies')} />
            ) : (
              <Card withBorder padding={0}>
                <Table.ScrollContainer minWidth={760}>
                  <Table verticalSpacing="sm" data-testid="sla-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('service.settings.name')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.conditions')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.firstResponse')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.nextResponse')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.resolution')}</Table.Th>
                        <Table.Th w={50} />
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {policies.data.map((p) => (
                        <Table.Tr key={p.id} data-testid="sla-row">
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {p.name}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{cond(p)}</Text>
                          </Table.Td>
                          <Table.Td>{minutes(p.firstResponseMinutes)}</Table.Td>
                          <Table.Td>{minutes(p.nextResponseMinutes)}</Table.Td>
                          <Table.Td>{minutes(p.resolutionMinutes)}</Table.Td>
                          <Table.Td>
                            {writable && (
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={t('service.settings.delete')}
                                onClick={() => setDeleting({ kind: 'policy', id: p.id, name: p.name })}
                              >
                                ×
                              </ActionIcon>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
            )}
          </>
        )}
      </div>
      <div>
        <Title order={4} mb="sm">
          {t('service.settings.sla.calendars')}
        </Title>
        {calendars.isPending ? (
          <PageLoader />
        ) : calendars.data === null || calendars.data === undefined ? (
          <NotAvailable />
        ) : (
          <>
            <NewButton
              label={t('service.settings.sla.newCalendar')}
              onClick={() => setNewCalendar(true)}
              testId="calendar-new"
              can={writable}
            />
            {calendars.data.length === 0 ? (
              <Empty testId="calendars-empty" title={t('service.settings.sla.noCalendars')} />
            ) : (
              <Card withBorder padding={0}>
                <Table.ScrollContainer minWidth={640}>
                  <Table verticalSpacing="sm" data-testid="calendars-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('service.settings.name')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.timezone')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.days')}</Table.Th>
                        <Table.Th>{t('service.settings.sla.holidays')}</Table.Th>
                        <Table.Th w={50} />
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {calendars.data.map((c) => (
                        <Table.Tr key={c.id} data-testid="calendar-row">
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {c.name}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" className="kt-mono">
                              {c.timezone}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{hours(c)}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{c.holidays.length || '—'}</Text>
                          </Table.Td>
                          <Table.Td>
                            {writable && (
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={t('service.settings.delete')}
                                onClick={() => setDeleting({ kind: 'calendar', id: c.id, name: c.name })}
                              >
                                ×
                              </ActionIcon>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
            )}
          </>
        )}
      </div>
      {newPolicy && <PolicyModal calendars={calendars.data ?? []} onClose={() => setNewPolicy(false)} />}
      {newCalendar && <CalendarModal onClose={() => setNewCalendar(false)} />}
      <DeleteConfirm
        target={deleting}
        path={deleting?.kind === 'calendar' ? '/business-calendars' : '/sla-policies'}
        queryKey={deleting?.kind === 'calendar' ? CALENDARS_KEY : SLA_KEY}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

function PolicyModal({ calendars, onClose }: { calendars: Calendar[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [priority, setPriority] = useState<string[]>([]);
  const [channel, setChannel] = useState<string[]>([]);
  const [first, setFirst] = useState<number | string>(60);
  const [next, setNext] = useState<number | string>('');
  const [resolution, setResolution] = useState<number | string>(1440);
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const num = (v: number | string) => (v === '' ? null : Number(v));
  const create = useApiMutation({
    mutationFn: () =>
      post('/sla-policies', {
        name: name.trim(),
        conditions: { ...(priority.length ? { priority } : {}), ...(channel.length ? { channel } : {}) },
        firstResponseMinutes: num(first),
        nextResponseMinutes: num(next),
        resolutionMinutes: num(resolution),
        calendarId,
      }),
    success: () => t('service.settings.sla.policyCreated'),
    invalidate: [SLA_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={t('service.settings.sla.newPolicy')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('service.settings.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="sla-name"
        />
        <MultiSelect
          label={t('service.settings.sla.priorities')}
          placeholder={t('service.settings.sla.allConversations')}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
          value={priority}
          onChange={setPriority}
        />
        <MultiSelect
          label={t('service.settings.sla.channels')}
          placeholder={t('service.settings.sla.allConversations')}
          data={SERVICE_CHANNELS.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))}
          value={channel}
          onChange={setChannel}
        />
        <SimpleGrid cols={3}>
          <NumberInput label={t('service.settings.sla.firstResponse')} min={1} value={first} onChange={setFirst} />
          <NumberInput label={t('service.settings.sla.nextResponse')} min={1} value={next} onChange={setNext} />
          <NumberInput
            label={t('service.settings.sla.resolution')}
            min={1}
            value={resolution}
            onChange={setResolution}
          />
        </SimpleGrid>
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
            data-testid="sla-create"
          >
            {t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CalendarModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState('Europe/Moscow');
  const [days, setDays] = useState<string[]>(['mon', 'tue', 'wed', 'thu', 'fri']);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('18:00');
  const [holidays, setHolidays] = useState<string[]>([]);
  const create = useApiMutation({
    mutationFn: () =>
      post('/business-calendars', {
        name: name.trim(),
        timezone,
        hours: Object.fromEntries(days.map((d) => [d, [{ start, end }]])),
        holidays,
      }),
    success: () => t('service.settings.sla.calendarCreated'),
    invalidate: [CALENDARS_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={t('service.settings.sla.newCalendar')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('service.settings.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="calendar-name"
        />
        <TextInput
          label={t('service.settings.sla.timezone')}
          value={timezone}
          onChange={(e) => setTimezone(e.currentTarget.value)}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('service.settings.sla.days')}
          </Text>
          <Chip.Group multiple value={days} onChange={setDays}>
            <Group gap={6}>
              {WEEKDAYS.map((d: Weekday) => (
                <Chip key={d} value={d} size="xs">
                  {t(`service.settings.sla.weekdays.${d}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        <SimpleGrid cols={2}>
          <TextInput
            label={t('service.settings.sla.start')}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
          />
          <TextInput
            label={t('service.settings.sla.end')}
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
          />
        </SimpleGrid>
        <TagsInput
          label={t('service.settings.sla.holidays')}
          description={t('service.settings.sla.holidaysHint')}
          value={holidays}
          onChange={setHolidays}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!name.trim() || days.length === 0}
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="calendar-create"
          >
            {t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
