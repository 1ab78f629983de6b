import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  TagsInput,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { PRIORITIES, ROUTING_KEY, type RoutingRule, SERVICE_CHANNELS, useRoutingRules, useTeams } from '../../api.ts';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';

/** src/service/routing-conditions.ts and routing.ts (conditionsSchema, routingActionsSchema). */
type Conditions = {
  channels?: string[];
  keywords?: string[];
  topics?: string[];
  languages?: string[];
  priorities?: string[];
  vip?: boolean;
  trait?: { key: string; equals: unknown };
};
type Actions = {
  teamId?: string | null;
  assigneeId?: string | null;
  priority?: string;
  assign?: string;
  topic?: string;
};

const condOf = (r: RoutingRule): Conditions =>
  r.conditions && !Array.isArray(r.conditions) ? (r.conditions as Conditions) : {};
const actOf = (r: RoutingRule): Actions => (r.actions ?? {}) as Actions;

/** Routing rules: tried in order on a new conversation; the first that matches sends it to a team or sets its priority. */
export function RoutingSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useRoutingRules();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === null) return <NotAvailable />;
  const when = (r: RoutingRule) => {
    const c = condOf(r);
    const parts = [
      c.channels?.length
        ? c.channels.map((x) => t(`service.channels.${x as 'email'}`, { defaultValue: x })).join(', ')
        : null,
      c.keywords?.length ? `«${c.keywords.join('», «')}»` : null,
      c.topics?.length ? `${t('service.settings.routing.topic')}: ${c.topics.join(', ')}` : null,
      c.languages?.length ? `${t('service.settings.routing.language')}: ${c.languages.join(', ')}` : null,
      c.priorities?.length
        ? `${t('service.fields.priority')}: ${c.priorities.map((x) => t(`service.priorities.${x as 'low'}`)).join(', ')}`
        : null,
      c.vip ? t('service.settings.routing.vip') : null,
      c.trait ? `${c.trait.key} = ${String(c.trait.equals)}` : null,
    ].filter(Boolean);
    return parts.join(' · ') || t('service.settings.routing.any');
  };
  const then = (r: RoutingRule) => {
    const a = actOf(r);
    return (
      [
        a.teamId
          ? `${t('service.settings.routing.setTeam')}: ${teams.data?.find((x) => x.id === a.teamId)?.name ?? '—'}`
          : null,
        a.priority
          ? `${t('service.settings.routing.setPriority')}: ${t(`service.priorities.${a.priority as 'low'}`)}`
          : null,
      ]
        .filter(Boolean)
        .join(' · ') || '—'
    );
  };
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('service.settings.routing.intro')}
      </Text>
      <NewButton
        label={t('service.settings.routing.new')}
        onClick={() => setCreating(true)}
        testId="routing-new"
        can={can('service:write')}
      />
      {q.data.length === 0 ? (
        <Empty testId="routing-empty" title={t('service.settings.routing.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" data-testid="routing-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('service.settings.name')}</Table.Th>
                  <Table.Th>{t('service.settings.routing.when')}</Table.Th>
                  <Table.Th>{t('service.settings.routing.action')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((r) => (
                  <Table.Tr key={r.id} data-testid="routing-row">
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {r.name}
                        </Text>
                        {r.enabled === false && (
                          <Badge size="sm" color="gray" variant="light">
                            {t('service.settings.routing.disabled')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" maw={360}>
                        {when(r)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{then(r)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {can('service:write') && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('service.settings.delete')}
                          onClick={() => setDeleting(r)}
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
      {creating && <RuleModal onClose={() => setCreating(false)} />}
      <DeleteConfirm target={deleting} path="/routing-rules" queryKey={ROUTING_KEY} onClose={() => setDeleting(null)} />
    </>
  );
}

function RuleModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<string[]>([]);
  const [keywords, setKeywords] = useState<string[]>([]);
  const [topics, setTopics] = useState<string[]>([]);
  const [languages, setLanguages] = useState<string[]>([]);
  const [vip, setVip] = useState(false);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const create = useApiMutation({
    mutationFn: () =>
      post('/routing-rules', {
        name: name.trim(),
        conditions: {
          ...(channel.length ? { channels: channel } : {}),
          ...(keywords.length ? { keywords } : {}),
          ...(topics.length ? { topics } : {}),
          ...(languages.length ? { languages } : {}),
          ...(vip ? { vip: true } : {}),
        },
        actions: { ...(teamId ? { teamId } : {}), ...(priority ? { priority } : {}) },
      }),
    success: () => t('service.settings.routing.created'),
    invalidate: [ROUTING_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={t('service.settings.routing.new')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('service.settings.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="routing-name"
        />
        <Text size="sm" fw={600}>
          {t('service.settings.routing.when')}
        </Text>
        <MultiSelect
          label={t('service.settings.routing.channels')}
          data={SERVICE_CHANNELS.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))}
          value={channel}
          onChange={setChannel}
        />
        <TagsInput label={t('service.settings.routing.keywords')} value={keywords} onChange={setKeywords} />
        <TagsInput label={t('service.settings.routing.topic')} value={topics} onChange={setTopics} />
        <TagsInput
          label={t('service.settings.routing.language')}
          placeholder="ru, en"
          value={languages}
          onChange={setLanguages}
        />
        <Checkbox
          label={t('service.settings.routing.vip')}
          checked={vip}
          onChange={(e) => setVip(e.currentTarget.checked)}
        />
        <Text size="sm" fw={600}>
          {t('service.settings.routing.action')}
        </Text>
        <Select
          label={t('service.settings.routing.setTeam')}
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={teamId}
          onChange={setTeamId}
          clearable
        />
        <Select
          label={t('service.settings.routing.setPriority')}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
          value={priority}
          onChange={setPriority}
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
            data-testid="routing-create"
          >
            {t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
