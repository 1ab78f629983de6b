import {
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../../api.ts';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { errorMessage } from '../../../../notify.ts';
import { CONVERSATION_STATUSES, PRIORITIES, useMembers, useTeams } from '../../api.ts';
import { cleanConditions, type RuleConditions, RuleConditionsEditor } from '../../components/RuleConditions.tsx';
import { DEFAULT_TIME, type TimeCondition, TimeConditionEditor, timeValid } from '../../components/TimeCondition.tsx';
import {
  AUTOMATION_KEY,
  type AutomationActions,
  type AutomationRule,
  type AutomationTrigger,
  TRIGGERS,
} from './automation-api.ts';

type SetFields = NonNullable<AutomationActions['set']>;
/** "Nobody" in a team/assignee picker: the action clears the field (null), unlike leaving it unset. */
const NONE = '__none';
const pick = (v: string | null | undefined) => (v === undefined ? null : v === null ? NONE : v);
const unpick = (v: string | null) => (v === null ? undefined : v === NONE ? null : v);

/** Only the actions given: an empty field is no action. */
function cleanActions(a: AutomationActions): AutomationActions {
  const set: SetFields = {};
  const s = a.set ?? {};
  if (s.status) set.status = s.status;
  if (s.priority) set.priority = s.priority;
  if (s.teamId !== undefined) set.teamId = s.teamId;
  if (s.assigneeId !== undefined) set.assigneeId = s.assigneeId;
  if (s.topic?.trim()) set.topic = s.topic.trim();
  if (s.addTags?.length) set.addTags = s.addTags;
  return {
    ...(Object.keys(set).length ? { set } : {}),
    ...(a.assign?.teamId ? { assign: a.assign } : {}),
    ...(a.reply?.trim() ? { reply: a.reply.trim() } : {}),
    ...(a.notify?.length ? { notify: a.notify } : {}),
    ...(a.webhook?.url.trim()
      ? {
          webhook: {
            url: a.webhook.url.trim(),
            ...(a.webhook.secret?.trim() ? { secret: a.webhook.secret.trim() } : {}),
          },
        }
      : {}),
  };
}

/** Create or edit an automation rule: its trigger, the conditions that must hold, and what it does. */
export function AutomationRuleModal({
  rule,
  nextPosition,
  onClose,
}: {
  rule: AutomationRule | null;
  nextPosition: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const r = 'service.settings.automation';
  const teams = useTeams();
  const members = useMembers();
  const [name, setName] = useState(rule?.name ?? '');
  const [trigger, setTrigger] = useState<AutomationTrigger>(rule?.trigger ?? 'created');
  const [position, setPosition] = useState<number>(rule?.position ?? nextPosition);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [conditions, setConditions] = useState<RuleConditions>(rule?.conditions ?? {});
  const [actions, setActions] = useState<AutomationActions>(rule?.actions ?? {});
  // Kept while another trigger is chosen, so switching back does not lose the clock.
  const [time, setTime] = useState<TimeCondition>(rule?.conditions.time ?? DEFAULT_TIME);
  const timed = trigger === 'time';
  const s = actions.set ?? {};
  const setField = <K extends keyof SetFields>(k: K, v: SetFields[K] | undefined) => {
    const next = { ...s, [k]: v };
    if (v === undefined) delete next[k];
    setActions({ ...actions, set: next });
  };
  const body = () => ({
    name: name.trim(),
    trigger,
    position,
    enabled,
    conditions: { ...cleanConditions(conditions, timed), ...(timed ? { time } : {}) },
    actions: cleanActions(actions),
  });
  const save = useApiMutation({
    mutationFn: () => (rule ? patch(`/automation-rules/${rule.id}`, body()) : post('/automation-rules', body())),
    success: () => (rule ? t('service.settings.saved') : t(`${r}.created`)),
    invalidate: [AUTOMATION_KEY],
    onSuccess: onClose,
  });
  const noAction = Object.keys(cleanActions(actions)).length === 0;
  const teamData = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  const memberData = (members.data ?? []).map((m) => ({ value: m.id, label: m.name }));
  return (
    <Modal opened onClose={onClose} title={rule ? rule.name : t(`${r}.new`)} size="xl">
      <Stack gap="sm" data-testid="automation-modal">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('service.settings.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={200}
            data-testid="automation-name"
          />
          <Select
            label={t(`${r}.trigger`)}
            data={TRIGGERS.map((x) => ({ value: x, label: t(`${r}.triggers.${x}`) }))}
            value={trigger}
            onChange={(v) => v && setTrigger(v as AutomationTrigger)}
            allowDeselect={false}
            data-testid="automation-trigger"
          />
          <NumberInput
            label={t(`${r}.position`)}
            description={t(`${r}.positionHint`)}
            min={0}
            max={100_000}
            allowDecimal={false}
            value={position}
            onChange={(v) => setPosition(typeof v === 'number' ? v : 0)}
          />
          <Switch
            mt="xl"
            label={t(`${r}.enabled`)}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
        </SimpleGrid>
        {timed && (
          <>
            <Divider label={t(`${r}.time.title`)} labelPosition="left" />
            <Text size="xs" c="dimmed">
              {t(`${r}.time.hint`)}
            </Text>
            <TimeConditionEditor value={time} onChange={setTime} />
          </>
        )}
        <Divider label={t(`${r}.when`)} labelPosition="left" />
        <Text size="xs" c="dimmed">
          {t(`${r}.whenHint`)}
        </Text>
        <RuleConditionsEditor value={conditions} onChange={setConditions} timeRule={timed} />
        <Divider label={t(`${r}.actions`)} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t(`${r}.act.setStatus`)}
            data={CONVERSATION_STATUSES.filter((x) => x !== 'new').map((x) => ({
              value: x,
              label: t(`service.statuses.${x}`),
            }))}
            value={s.status ?? null}
            onChange={(v) => setField('status', (v ?? undefined) as SetFields['status'])}
            clearable
            data-testid="act-status"
          />
          <Select
            label={t(`${r}.act.setPriority`)}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
            value={s.priority ?? null}
            onChange={(v) => setField('priority', (v ?? undefined) as SetFields['priority'])}
            clearable
            data-testid="act-priority"
          />
          <Select
            label={t(`${r}.act.setTeam`)}
            data={[{ value: NONE, label: t(`${r}.act.nobody`) }, ...teamData]}
            value={pick(s.teamId)}
            onChange={(v) => setField('teamId', unpick(v))}
            clearable
          />
          <Select
            label={t(`${r}.act.setAssignee`)}
            data={[{ value: NONE, label: t(`${r}.act.nobody`) }, ...memberData]}
            value={pick(s.assigneeId)}
            onChange={(v) => setField('assigneeId', unpick(v))}
            clearable
            searchable
          />
          <TextInput
            label={t(`${r}.act.topic`)}
            value={s.topic ?? ''}
            maxLength={100}
            onChange={(e) => setField('topic', e.currentTarget.value || undefined)}
          />
          <TagsInput
            label={t(`${r}.act.addTags`)}
            value={s.addTags ?? []}
            onChange={(v) => setField('addTags', v.length ? v : undefined)}
            data-testid="act-tags"
          />
          <Select
            label={t(`${r}.act.assignIn`)}
            description={t(`${r}.act.assignHint`)}
            data={teamData}
            value={actions.assign?.teamId ?? null}
            onChange={(v) =>
              setActions({
                ...actions,
                assign: v ? { teamId: v, how: actions.assign?.how ?? 'round_robin' } : undefined,
              })
            }
            clearable
          />
          <Select
            label={t(`${r}.act.how`)}
            data={(['round_robin', 'least_busy'] as const).map((x) => ({
              value: x,
              label: t(`service.settings.teams.assignments.${x}`),
            }))}
            value={actions.assign?.how ?? 'round_robin'}
            onChange={(v) =>
              actions.assign &&
              setActions({ ...actions, assign: { ...actions.assign, how: (v ?? 'round_robin') as 'round_robin' } })
            }
            disabled={!actions.assign}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Textarea
          label={t(`${r}.act.reply`)}
          description={t(`${r}.act.replyHint`)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={10_000}
          value={actions.reply ?? ''}
          onChange={(e) => setActions({ ...actions, reply: e.currentTarget.value || undefined })}
          data-testid="act-reply"
        />
        <MultiSelect
          label={t(`${r}.act.notify`)}
          data={memberData}
          value={actions.notify ?? []}
          onChange={(v) => setActions({ ...actions, notify: v.length ? v : undefined })}
          searchable
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t(`${r}.act.webhookUrl`)}
            description={t(`${r}.act.webhookHint`)}
            placeholder="https://"
            value={actions.webhook?.url ?? ''}
            onChange={(e) => {
              const url = e.currentTarget.value;
              setActions({ ...actions, webhook: url ? { ...actions.webhook, url } : undefined });
            }}
            data-testid="act-webhook"
          />
          <TextInput
            label={t(`${r}.act.webhookSecret`)}
            description={t(`${r}.act.webhookSecretHint`)}
            value={actions.webhook?.secret ?? ''}
            disabled={!actions.webhook}
            className="kt-mono"
            onChange={(e) =>
              actions.webhook &&
              setActions({ ...actions, webhook: { ...actions.webhook, secret: e.currentTarget.value || undefined } })
            }
          />
        </SimpleGrid>
        {save.isError && (
          <Alert color="red" variant="light" data-testid="automation-error">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group justify="space-between" mt="sm">
          <Text size="xs" c={noAction ? 'orange' : 'dimmed'}>
            {noAction ? t(`${r}.needAction`) : ''}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              disabled={!name.trim() || noAction || (timed && !timeValid(time))}
              loading={save.isPending}
              onClick={() => save.mutate()}
              data-testid="automation-save"
            >
              {rule ? t(`${r}.save`) : t('service.settings.create')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
