import {
  Alert,
  Autocomplete,
  Divider,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAudiences } from '../../api.ts';
import { CONSENT_CHANNELS, type ConsentChannel, type Entry, type JourneyDefinition } from '../api.ts';
import { TIME } from '../graph.ts';
import { ConditionsEditor, DurationInput, EventInput, useTraitNames } from './fields.tsx';

type Errors = Record<string, string>;
type EntryKind = 'event' | 'segment' | 'dateTrait' | 'api';
export const entryKind = (e: Entry): EntryKind =>
  'event' in e ? 'event' : 'segment' in e ? 'segment' : 'dateTrait' in e ? 'dateTrait' : 'api';

/** How people enter: an event (with property conditions), a segment, a date trait or the API. */
export function EntryPanel({
  entry,
  onChange,
  errors,
  readOnly,
  journeyId,
}: {
  entry: Entry;
  onChange: (e: Entry) => void;
  errors: Errors;
  readOnly: boolean;
  journeyId?: string;
}) {
  const { t } = useTranslation();
  const audiences = useAudiences();
  const traits = useTraitNames();
  const kind = entryKind(entry);
  const err = (k: string) => errors[`entry.${k}`] ?? errors.entry;
  return (
    <Stack gap="sm" data-testid="entry-panel">
      <Text fw={600}>{t('journeys.entry.title')}</Text>
      <Select
        label={t('journeys.entry.kind')}
        data={(['event', 'segment', 'dateTrait', 'api'] as const).map((k) => ({
          value: k,
          label: t(`journeys.entry.kinds.${k}`),
        }))}
        value={kind}
        allowDeselect={false}
        onChange={(k) =>
          onChange(
            k === 'event'
              ? { event: '' }
              : k === 'segment'
                ? { segment: '' }
                : k === 'dateTrait'
                  ? { dateTrait: 'birthday', offsetDays: 0, at: '09:00' }
                  : { api: true },
          )
        }
        data-testid="entry-kind"
        readOnly={readOnly}
      />
      {'event' in entry && (
        <>
          <EventInput
            label={t('journeys.entry.event')}
            value={entry.event}
            onChange={(event) => onChange({ ...entry, event })}
            error={err('event')}
            testId="entry-event"
            readOnly={readOnly}
          />
          <ConditionsEditor
            label={t('journeys.entry.where')}
            value={entry.where}
            onChange={(where) => onChange({ event: entry.event, ...(where ? { where } : {}) })}
            readOnly={readOnly}
            testId="entry-where"
          />
        </>
      )}
      {'segment' in entry && (
        <Select
          label={t('journeys.entry.segment')}
          data={(audiences.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          value={entry.segment || null}
          onChange={(segment) => onChange({ segment: segment ?? '' })}
          searchable
          error={err('segment')}
          data-testid="entry-segment"
          readOnly={readOnly}
        />
      )}
      {'dateTrait' in entry && (
        <>
          <Autocomplete
            label={t('journeys.entry.dateTrait')}
            description={t('journeys.entry.dateTraitHint')}
            data={traits}
            limit={20}
            value={entry.dateTrait}
            onChange={(dateTrait) => onChange({ ...entry, dateTrait })}
            error={err('dateTrait')}
            readOnly={readOnly}
          />
          <NumberInput
            label={t('journeys.entry.offsetDays')}
            value={entry.offsetDays ?? 0}
            min={-366}
            max={366}
            allowDecimal={false}
            onChange={(v) => onChange({ ...entry, offsetDays: typeof v === 'number' ? v : 0 })}
            error={err('offsetDays')}
            readOnly={readOnly}
          />
          <TextInput
            label={t('journeys.entry.at')}
            placeholder="09:00"
            value={entry.at ?? ''}
            onChange={(e) => onChange({ ...entry, at: e.currentTarget.value || undefined })}
            error={err('at') ?? (entry.at && !TIME.test(entry.at) ? t('journeys.step.timeBad') : undefined)}
            readOnly={readOnly}
          />
        </>
      )}
      {'api' in entry && (
        <Alert variant="light" color="blue">
          <Text size="sm">{t('journeys.entry.apiHint')}</Text>
          {journeyId && (
            <Text size="xs" className="kt-mono" mt={4}>
              {journeyId}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

/** The journey's name and the rules around its steps: goal, hold-out, re-entry, cap, consent. */
export function SettingsPanel({
  name,
  description,
  onName,
  onDescription,
  def,
  onChange,
  errors,
  readOnly,
}: {
  name: string;
  description: string;
  onName: (v: string) => void;
  onDescription: (v: string) => void;
  def: JourneyDefinition;
  onChange: (d: JourneyDefinition) => void;
  errors: Errors;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const reentry = def.reentry?.mode ?? 'never';
  return (
    <Stack gap="sm" data-testid="settings-panel">
      <Text fw={600}>{t('journeys.editor.settings')}</Text>
      <TextInput
        label={t('journeys.editor.name')}
        value={name}
        onChange={(e) => onName(e.currentTarget.value)}
        error={errors.name}
        required
        data-testid="journey-name"
        readOnly={readOnly}
      />
      <Textarea
        label={t('journeys.editor.description')}
        value={description}
        onChange={(e) => onDescription(e.currentTarget.value)}
        autosize
        minRows={2}
        error={errors.description}
        readOnly={readOnly}
      />
      <Divider label={t('journeys.settings.goal')} labelPosition="left" />
      <EventInput
        label={t('journeys.settings.goalEvent')}
        description={t('journeys.settings.goalEventHint')}
        value={def.goal?.event ?? ''}
        onChange={(event) => onChange({ ...def, goal: event ? { ...def.goal, event } : undefined })}
        error={errors['goal.event'] ?? errors.goal}
        testId="goal-event"
        readOnly={readOnly}
      />
      {def.goal && (
        <>
          <ConditionsEditor
            label={t('journeys.entry.where')}
            value={def.goal.where}
            onChange={(where) => onChange({ ...def, goal: { ...def.goal!, where } })}
            readOnly={readOnly}
          />
          <DurationInput
            label={t('journeys.settings.goalWithin')}
            value={def.goal.within}
            optional
            onChange={(within) => onChange({ ...def, goal: { ...def.goal!, within } })}
            error={errors['goal.within']}
            readOnly={readOnly}
          />
        </>
      )}
      <NumberInput
        label={t('journeys.settings.control')}
        description={t('journeys.settings.controlHint')}
        value={def.controlPercent ?? 0}
        min={0}
        max={50}
        allowDecimal={false}
        onChange={(v) => onChange({ ...def, controlPercent: typeof v === 'number' && v > 0 ? v : undefined })}
        error={errors.controlPercent}
        data-testid="journey-control"
        readOnly={readOnly}
      />
      <Divider label={t('journeys.settings.reentry')} labelPosition="left" />
      <SegmentedControl
        size="xs"
        fullWidth
        value={reentry}
        readOnly={readOnly}
        onChange={(mode) =>
          onChange({
            ...def,
            reentry:
              mode === 'never'
                ? undefined
                : { mode: mode as 'after' | 'always', ...(mode === 'after' ? { after: '30d' } : {}) },
          })
        }
        data={(['never', 'after', 'always'] as const).map((m) => ({
          value: m,
          label: t(`journeys.settings.reentryModes.${m}`),
        }))}
      />
      {reentry === 'after' && (
        <DurationInput
          label={t('journeys.settings.reentryAfter')}
          value={def.reentry?.after}
          onChange={(after) => onChange({ ...def, reentry: { mode: 'after', after } })}
          error={errors['reentry.after']}
          readOnly={readOnly}
        />
      )}
      <Divider label={t('journeys.settings.cap')} labelPosition="left" />
      <NumberInput
        label={t('journeys.settings.capMax')}
        value={def.cap?.max ?? ''}
        min={1}
        max={1000}
        allowDecimal={false}
        onChange={(v) =>
          onChange({
            ...def,
            cap: typeof v === 'number' && v > 0 ? { max: v, within: def.cap?.within ?? '7d' } : undefined,
          })
        }
        error={errors['cap.max']}
        readOnly={readOnly}
      />
      {def.cap && (
        <DurationInput
          label={t('journeys.settings.capWithin')}
          value={def.cap.within}
          onChange={(within) => onChange({ ...def, cap: { max: def.cap!.max, within: within ?? '7d' } })}
          error={errors['cap.within']}
          readOnly={readOnly}
        />
      )}
      <Divider label={t('journeys.settings.consent')} labelPosition="left" />
      <Select
        label={t('journeys.settings.consent')}
        data={[
          { value: '', label: t('journeys.settings.consentNone') },
          ...CONSENT_CHANNELS.map((c) => ({ value: c, label: t(`journeys.settings.channels.${c}`) })),
        ]}
        value={def.consent?.channel ?? ''}
        allowDeselect={false}
        onChange={(c) =>
          onChange({
            ...def,
            consent: c ? { channel: c as ConsentChannel, purpose: def.consent?.purpose ?? 'marketing' } : undefined,
          })
        }
        error={errors['consent.channel'] ?? errors.consent}
        readOnly={readOnly}
      />
      {def.consent && (
        <SegmentedControl
          size="xs"
          fullWidth
          value={def.consent.purpose ?? 'marketing'}
          readOnly={readOnly}
          onChange={(p) =>
            onChange({ ...def, consent: { ...def.consent!, purpose: p as 'marketing' | 'transactional' } })
          }
          data={(['marketing', 'transactional'] as const).map((p) => ({
            value: p,
            label: t(`journeys.settings.purposes.${p}`),
          }))}
        />
      )}
    </Stack>
  );
}
