import {
  ActionIcon,
  Alert,
  Autocomplete,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templateChannelOf, useAudiences, useChannels, useTemplates } from '../../api.ts';
import type { Step } from '../api.ts';
import { checkRule, END, STEP_ID, TIME } from '../graph.ts';
import { ConditionsEditor, DurationInput, EventInput, JsonObjectField, useTraitNames } from './fields.tsx';
import { StepIcon } from './step-icons.tsx';

type Errors = Record<string, string>;

/** The error of a field of this step (`duration`, `branches.1.share`…), or of the step as a whole. */
const at = (errors: Errors, field: string) => errors[field];

/** The value an update-trait step sets, by the kind chosen: text, number, yes/no or JSON. */
type ValueKind = 'text' | 'number' | 'boolean' | 'json';
const kindOf = (v: unknown): ValueKind =>
  typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : typeof v === 'string' ? 'text' : 'json';

function WaitFields({ step, set, errors, readOnly }: FieldsProps) {
  const { t } = useTranslation();
  const audiences = useAudiences();
  const mode = step.for ? 'for' : step.until ? 'until' : 'duration';
  const forKind = step.for && 'segment' in step.for ? 'segment' : 'event';
  const setMode = (m: string) => {
    const base: Step = { ...step, duration: undefined, until: undefined, for: undefined, timeout: undefined };
    if (m === 'duration') set({ ...base, duration: '1d', timeoutNext: undefined });
    else if (m === 'until') set({ ...base, until: { time: '09:00' }, timeoutNext: undefined });
    else set({ ...base, for: { event: '' }, timeout: '3d' });
  };
  return (
    <Stack gap="sm">
      <SegmentedControl
        fullWidth
        size="xs"
        value={mode}
        onChange={setMode}
        readOnly={readOnly}
        data={(['duration', 'until', 'for'] as const).map((m) => ({
          value: m,
          label: t(`journeys.step.waitModes.${m}`),
        }))}
        data-testid="wait-mode"
      />
      {mode === 'duration' && (
        <DurationInput
          label={t('journeys.step.duration')}
          value={step.duration}
          onChange={(v) => set({ ...step, duration: v })}
          error={at(errors, 'duration')}
          testId="wait-duration"
          readOnly={readOnly}
        />
      )}
      {mode === 'until' && (
        <>
          <TextInput
            label={t('journeys.step.time')}
            value={step.until?.time ?? ''}
            onChange={(e) => set({ ...step, until: { ...step.until, time: e.currentTarget.value } })}
            error={
              at(errors, 'until.time') ??
              (step.until?.time && !TIME.test(step.until.time) ? t('journeys.step.timeBad') : undefined)
            }
            placeholder="09:00"
            data-testid="wait-until-time"
            readOnly={readOnly}
          />
          <TextInput
            label={t('journeys.step.timezone')}
            description={t('journeys.step.timezoneHint')}
            placeholder="Europe/Moscow"
            value={step.until?.timezone ?? ''}
            onChange={(e) =>
              set({
                ...step,
                until: { time: step.until?.time ?? '09:00', timezone: e.currentTarget.value || undefined },
              })
            }
            error={at(errors, 'until.timezone')}
            readOnly={readOnly}
          />
        </>
      )}
      {mode === 'for' && (
        <>
          <SegmentedControl
            fullWidth
            size="xs"
            value={forKind}
            readOnly={readOnly}
            onChange={(k) => set({ ...step, for: k === 'segment' ? { segment: '', entered: true } : { event: '' } })}
            data={(['event', 'segment'] as const).map((k) => ({
              value: k,
              label: t(`journeys.step.waitForKinds.${k}`),
            }))}
          />
          {step.for && 'event' in step.for ? (
            <>
              <EventInput
                label={t('journeys.step.event')}
                value={step.for.event}
                onChange={(event) => set({ ...step, for: { ...(step.for as { event: string }), event } })}
                error={at(errors, 'for.event') ?? at(errors, 'for')}
                testId="wait-for-event"
                readOnly={readOnly}
              />
              <ConditionsEditor
                label={t('journeys.entry.where')}
                value={step.for.where}
                onChange={(where) => set({ ...step, for: { ...(step.for as { event: string }), where } })}
                readOnly={readOnly}
              />
            </>
          ) : (
            <>
              <Select
                label={t('journeys.step.segment')}
                data={(audiences.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
                value={(step.for as { segment: string } | undefined)?.segment || null}
                onChange={(segment) =>
                  set({ ...step, for: { ...(step.for as { segment: string }), segment: segment ?? '' } })
                }
                searchable
                error={at(errors, 'for.segment') ?? at(errors, 'for')}
                readOnly={readOnly}
              />
              <Switch
                label={t('journeys.step.segmentEntered')}
                checked={(step.for as { entered?: boolean } | undefined)?.entered !== false}
                onChange={(e) =>
                  set({
                    ...step,
                    for: { ...(step.for as { segment: string }), entered: e.currentTarget.checked },
                  })
                }
                disabled={readOnly}
              />
            </>
          )}
          <DurationInput
            label={t('journeys.step.timeout')}
            description={t('journeys.step.timeoutHint')}
            value={step.timeout}
            onChange={(v) => set({ ...step, timeout: v })}
            error={at(errors, 'timeout')}
            testId="wait-timeout"
            readOnly={readOnly}
          />
        </>
      )}
    </Stack>
  );
}

function SendFields({ step, set, errors, readOnly }: FieldsProps) {
  const { t } = useTranslation();
  const channels = useChannels();
  const templates = useTemplates();
  const channel = channels.data?.find((c) => c.id === step.channelId);
  const fitting = (templates.data ?? []).filter(
    (x) => !x.archivedAt && (!channel || x.channel === templateChannelOf(channel.type)),
  );
  return (
    <Stack gap="sm">
      {channels.data && channels.data.length === 0 && (
        <Alert color="yellow" variant="light">
          {t('journeys.step.noChannels')}
        </Alert>
      )}
      <Select
        label={t('journeys.step.channel')}
        data={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={step.channelId || null}
        onChange={(channelId) => {
          const c = channels.data?.find((x) => x.id === channelId);
          const tpl = templates.data?.find((x) => x.id === step.templateId);
          const keep = c && tpl && tpl.channel === templateChannelOf(c.type);
          set({ ...step, channelId: channelId ?? '', templateId: keep ? step.templateId : '' });
        }}
        searchable
        error={at(errors, 'channelId')}
        data-testid="send-channel"
        readOnly={readOnly}
      />
      <Select
        label={t('journeys.step.template')}
        data={fitting.map((x) => ({ value: x.id, label: x.name }))}
        value={step.templateId || null}
        onChange={(templateId) => set({ ...step, templateId: templateId ?? '' })}
        searchable
        disabled={!step.channelId}
        error={
          at(errors, 'templateId') ?? (channel && fitting.length === 0 ? t('journeys.step.noTemplates') : undefined)
        }
        data-testid="send-template"
        readOnly={readOnly}
      />
      <JsonObjectField
        label={t('journeys.step.data')}
        value={step.data}
        optional
        onChange={(data) => set({ ...step, data })}
        error={at(errors, 'data')}
        readOnly={readOnly}
      />
    </Stack>
  );
}

function TraitFields({ step, set, errors, readOnly }: FieldsProps) {
  const { t } = useTranslation();
  const traits = useTraitNames();
  const [kind, setKind] = useState<ValueKind>(kindOf(step.value));
  const [text, setText] = useState(() =>
    typeof step.value === 'string' ? step.value : step.value === undefined ? '' : JSON.stringify(step.value),
  );
  const [bad, setBad] = useState(false);
  /** The typed text as the value of kind `k`, or null when it is not one. */
  const parse = (k: ValueKind, s: string): { v: unknown } | null => {
    if (k === 'text') return { v: s };
    if (k === 'boolean') return { v: s === 'true' };
    if (k === 'number') {
      const n = Number(s);
      return s.trim() === '' || !Number.isFinite(n) ? null : { v: n };
    }
    try {
      return { v: JSON.parse(s) as unknown };
    } catch {
      return null;
    }
  };
  const apply = (k: ValueKind, s: string) => {
    setText(s);
    const parsed = parse(k, s);
    setBad(!parsed);
    if (parsed) set({ ...step, value: parsed.v });
  };
  return (
    <Stack gap="sm">
      <Autocomplete
        label={t('journeys.step.trait')}
        data={traits}
        limit={20}
        value={step.trait ?? ''}
        onChange={(trait) => set({ ...step, trait })}
        error={at(errors, 'trait')}
        data-testid="trait-name"
        readOnly={readOnly}
      />
      <SegmentedControl
        size="xs"
        fullWidth
        value={kind}
        readOnly={readOnly}
        onChange={(k) => {
          setKind(k as ValueKind);
          apply(k as ValueKind, k === 'boolean' ? 'true' : text);
        }}
        data={(['text', 'number', 'boolean', 'json'] as const).map((k) => ({
          value: k,
          label: t(`journeys.step.valueKinds.${k}`),
        }))}
      />
      {kind === 'boolean' ? (
        <Switch
          label={t('journeys.step.value')}
          checked={step.value === true}
          onChange={(e) => apply('boolean', String(e.currentTarget.checked))}
          disabled={readOnly}
        />
      ) : (
        <TextInput
          label={t('journeys.step.value')}
          value={text}
          onChange={(e) => apply(kind, e.currentTarget.value)}
          error={bad ? t('journeys.step.valueBad') : at(errors, 'value')}
          data-testid="trait-value"
          readOnly={readOnly}
        />
      )}
    </Stack>
  );
}

function SplitFields({ step, set, errors, readOnly }: FieldsProps) {
  const { t } = useTranslation();
  const branches = step.branches ?? [];
  const sum = branches.reduce((a, b) => a + (b.share || 0), 0);
  const setBranch = (i: number, patch: Partial<(typeof branches)[number]>) =>
    set({ ...step, branches: branches.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <Stack gap="sm">
      <Text size="sm" fw={500}>
        {t('journeys.step.branches')}
      </Text>
      {branches.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a branch's place is its identity (its key is being typed)
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={t('journeys.step.branchKey')}
            placeholder={t('journeys.step.branchKey')}
            value={b.key}
            onChange={(e) => setBranch(i, { key: e.currentTarget.value })}
            error={at(errors, `branches.${i}.key`)}
            style={{ flex: 1 }}
            readOnly={readOnly}
          />
          <NumberInput
            aria-label={t('journeys.step.share')}
            placeholder={t('journeys.step.share')}
            value={b.share}
            min={0}
            max={100}
            allowDecimal={false}
            onChange={(v) => setBranch(i, { share: typeof v === 'number' ? v : 0 })}
            error={at(errors, `branches.${i}.share`)}
            w={90}
            readOnly={readOnly}
          />
          {!readOnly && branches.length > 2 && (
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={4}
              aria-label={t('journeys.step.removeBranch')}
              title={t('journeys.step.removeBranch')}
              onClick={() => set({ ...step, branches: branches.filter((_, j) => j !== i) })}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {sum !== 100 && (
        <Text size="xs" c="red">
          {t('journeys.step.sharesSum', { sum })}
        </Text>
      )}
      {!readOnly && branches.length < 10 && (
        <Button
          variant="subtle"
          size="compact-xs"
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            set({
              ...step,
              branches: [...branches, { key: String.fromCharCode(65 + branches.length), share: 0, next: '' }],
            })
          }
        >
          {t('journeys.step.addBranch')}
        </Button>
      )}
    </Stack>
  );
}

interface FieldsProps {
  step: Step;
  set: (s: Step) => void;
  errors: Errors;
  readOnly: boolean;
}

/** The fields of one kind of step. */
function KindFields(p: FieldsProps) {
  const { t } = useTranslation();
  const { step, set, errors, readOnly } = p;
  switch (step.type) {
    case 'wait':
      return <WaitFields {...p} />;
    case 'branch':
      return (
        <JsonObjectField
          label={t('journeys.step.rule')}
          description={t('journeys.step.ruleHint')}
          value={step.rule}
          onChange={(rule) => set({ ...step, rule })}
          check={(v) => (checkRule(v) ? t('journeys.step.ruleObject') : null)}
          error={at(errors, 'rule')}
          testId="branch-rule"
          readOnly={readOnly}
        />
      );
    case 'split':
      return <SplitFields {...p} />;
    case 'send':
      return <SendFields {...p} />;
    case 'update_trait':
      return <TraitFields {...p} />;
    case 'give_points':
      return (
        <Stack gap="sm">
          <NumberInput
            label={t('journeys.step.points')}
            value={step.points ?? ''}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            onChange={(v) => set({ ...step, points: typeof v === 'number' ? v : undefined })}
            error={at(errors, 'points')}
            data-testid="points-amount"
            readOnly={readOnly}
          />
          <TextInput
            label={t('journeys.step.reason')}
            value={step.reason ?? ''}
            onChange={(e) => set({ ...step, reason: e.currentTarget.value || undefined })}
            error={at(errors, 'reason')}
            readOnly={readOnly}
          />
        </Stack>
      );
    case 'create_task':
      return (
        <Stack gap="sm">
          <TextInput
            label={t('journeys.step.title')}
            value={step.title ?? ''}
            onChange={(e) => set({ ...step, title: e.currentTarget.value })}
            error={at(errors, 'title')}
            data-testid="task-title"
            readOnly={readOnly}
          />
          <DurationInput
            label={t('journeys.step.dueIn')}
            value={step.dueIn}
            optional
            onChange={(dueIn) => set({ ...step, dueIn })}
            error={at(errors, 'dueIn')}
            readOnly={readOnly}
          />
          <Textarea
            label={t('journeys.step.note')}
            value={step.note ?? ''}
            autosize
            minRows={2}
            onChange={(e) => set({ ...step, note: e.currentTarget.value || undefined })}
            error={at(errors, 'note')}
            readOnly={readOnly}
          />
        </Stack>
      );
    case 'webhook':
      return (
        <Stack gap="sm">
          <TextInput
            label={t('journeys.step.url')}
            placeholder="https://"
            value={step.url ?? ''}
            onChange={(e) => set({ ...step, url: e.currentTarget.value })}
            error={at(errors, 'url')}
            data-testid="webhook-url"
            readOnly={readOnly}
          />
          <TextInput
            label={t('journeys.step.secret')}
            value={step.secret ?? ''}
            onChange={(e) => set({ ...step, secret: e.currentTarget.value || undefined })}
            error={at(errors, 'secret')}
            readOnly={readOnly}
          />
        </Stack>
      );
    default:
      return (
        <Text size="sm" c="dimmed">
          {t('journeys.step.exitHint')}
        </Text>
      );
  }
}

/**
 * The side panel of the selected step: its id and label, the fields of its kind (pickers for
 * channels, templates and segments from the messaging hooks), the server's complaints about it.
 */
export function StepPanel({
  step,
  taken,
  onChange,
  onRename,
  onRemove,
  errors,
  readOnly,
}: {
  step: Step;
  taken: readonly string[];
  onChange: (s: Step) => void;
  onRename: (from: string, to: string) => void;
  onRemove: () => void;
  errors: Errors;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [id, setId] = useState(step.id);
  const idError =
    id === step.id
      ? at(errors, 'id')
      : !STEP_ID.test(id) || id === END
        ? t('journeys.step.idBad')
        : taken.includes(id)
          ? t('journeys.step.idTaken')
          : undefined;
  const general = errors[''];
  return (
    <Stack gap="sm" data-testid="step-panel" data-step={step.id}>
      <Group gap={8} wrap="nowrap">
        <StepIcon type={step.type} />
        <Text fw={600}>{t(`journeys.types.${step.type}`)}</Text>
      </Group>
      {general && (
        <Alert color="red" variant="light" data-testid="step-panel-error">
          {general}
        </Alert>
      )}
      <TextInput
        label={t('journeys.step.id')}
        description={t('journeys.step.idHint')}
        value={id}
        onChange={(e) => setId(e.currentTarget.value.trim())}
        onBlur={() => {
          if (id !== step.id && !idError) onRename(step.id, id);
        }}
        error={idError}
        classNames={{ input: 'kt-mono' }}
        data-testid="step-id"
        readOnly={readOnly}
      />
      <TextInput
        label={t('journeys.step.label')}
        description={t('journeys.step.optional')}
        value={step.label ?? ''}
        onChange={(e) => onChange({ ...step, label: e.currentTarget.value || undefined })}
        error={at(errors, 'label')}
        data-testid="step-label"
        readOnly={readOnly}
      />
      <KindFields step={step} set={onChange} errors={errors} readOnly={readOnly} />
      {!readOnly && (
        <Button variant="subtle" color="red" size="xs" onClick={onRemove} data-testid="step-remove">
          {t('journeys.editor.removeStep')}
        </Button>
      )}
    </Stack>
  );
}
