import {
  Button,
  Grid,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useSession } from '../../../session.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CallScriptPanel } from './CallScriptPanel.tsx';
import { CompanyPicker, DealPicker, MemberSelect, PersonPicker } from './Pickers.tsx';
import { fetchScripts, fromLocalInput, SALES_KEYS, SCRIPTS_KEY, toLocalInput } from './sales-api.ts';
import { ACTIVITY_KINDS, CALL_OUTCOMES, type Activity, type ActivityKind, type Ref } from './sales-types.ts';
import { DateTimeField } from '../../../components/DateFields.tsx';

interface Form {
  subject: string;
  body: string;
  occurredAt: string;
  dueAt: string;
  reminderAt: string;
  direction: 'in' | 'out';
  durationMin: number | string;
  outcome: string | null;
  recordingUrl: string;
  phone: string;
  location: string;
  scriptId: string | null;
  assigneeId: string | null;
  personId: string | null;
  companyId: string | null;
  dealId: string | null;
}

export interface ActivityContext {
  personId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
  /** Names for the pickers when the context is editable (the activities page). */
  person?: Ref | null;
  company?: Ref | null;
  deal?: Ref | null;
  /** The number a new call is logged with unless changed: the person's first phone. */
  phone?: string | null;
}

/**
 * "Log call / meeting / visit / task / note / email" for a person, company or deal (any of the three;
 * with none given it asks what the activity is about). Drop it into a card as is:
 * `<ActivityComposer personId={id} />`. A call can open a call script beside the form.
 */
export function ActivityComposer({
  personId,
  companyId,
  dealId,
  person,
  company,
  deal,
  kinds = ACTIVITY_KINDS,
  initialKind = 'call',
  phone,
  editing,
  onSaved,
  onCancel,
  onWide,
}: ActivityContext & {
  kinds?: readonly ActivityKind[];
  initialKind?: ActivityKind;
  editing?: Activity | null;
  onSaved?: (a: Activity) => void;
  onCancel?: () => void;
  /** Told when the call script opens beside the form (true) and closes: a dialog widens for it. */
  onWide?: (wide: boolean) => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const fixed = !!(personId || companyId || dealId);
  const [kind, setKind] = useState<ActivityKind>(editing?.kind ?? initialKind);
  const [form, setForm] = useState<Form>(() => initial());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [scriptOpen, setScriptOpen] = useState(false);
  const scripts = useQuery({
    queryKey: SCRIPTS_KEY,
    queryFn: fetchScripts,
    enabled: kind === 'call',
    staleTime: 30_000,
  });
  const activeScripts = (scripts.data ?? []).filter((s) => s.active || s.id === form.scriptId);
  const script = activeScripts.find((s) => s.id === form.scriptId);

  function initial(): Form {
    const a = editing;
    return {
      subject: a?.subject ?? '',
      body: a?.body ?? '',
      occurredAt: toLocalInput(a?.occurredAt ?? new Date().toISOString()),
      dueAt: toLocalInput(a?.dueAt),
      reminderAt: toLocalInput(a?.reminderAt),
      direction: a?.direction ?? 'out',
      durationMin: a?.durationSeconds ? Math.round(a.durationSeconds / 6) / 10 : '',
      outcome: a?.outcome ?? null,
      recordingUrl: a?.recordingUrl ?? '',
      phone: a?.phone ?? (a ? '' : (phone ?? '')),
      location: a?.location ?? '',
      scriptId: a?.scriptId ?? null,
      assigneeId: a?.assigneeId ?? me.user?.id ?? null,
      personId: a?.personId ?? personId ?? null,
      companyId: a?.companyId ?? companyId ?? null,
      dealId: a?.dealId ?? dealId ?? null,
    };
  }
  useEffect(() => {
    setForm(initial());
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing?.id, personId, companyId, dealId, phone]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const save = useApiMutation({
    mutationFn: () => {
      const when = fromLocalInput(form.occurredAt);
      const body: Record<string, unknown> = {
        subject: form.subject.trim() || null,
        body: form.body.trim() || null,
        personId: form.personId,
        companyId: form.companyId,
        dealId: form.dealId,
      };
      if (kind === 'call') {
        Object.assign(body, {
          direction: form.direction,
          occurredAt: when,
          durationSeconds: form.durationMin === '' ? null : Math.round(Number(form.durationMin) * 60),
          outcome: form.outcome,
          recordingUrl: form.recordingUrl.trim() || null,
          phone: form.phone.trim() || null,
          scriptId: form.scriptId,
        });
      } else if (kind === 'meeting' || kind === 'visit') {
        Object.assign(body, {
          occurredAt: when,
          location: form.location.trim() || null,
          durationSeconds: form.durationMin === '' ? null : Math.round(Number(form.durationMin) * 60),
        });
      } else if (kind === 'task') {
        Object.assign(body, {
          dueAt: fromLocalInput(form.dueAt) ?? null,
          reminderAt: fromLocalInput(form.reminderAt) ?? null,
          assigneeId: form.assigneeId,
        });
      } else if (kind === 'email') {
        Object.assign(body, { direction: form.direction, occurredAt: when });
      }
      // Unset optional fields are left out of a new activity, so the API's defaults apply.
      const clean = editing
        ? body
        : Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined));
      return editing
        ? patch<Activity>(`/activities/${editing.id}`, clean)
        : post<Activity>('/activities', { kind, ...clean });
    },
    success: () =>
      editing ? t('crm.activities.updated') : t('crm.activities.logged', { kind: t(`crm.activities.kinds.${kind}`) }),
    invalidate: SALES_KEYS,
    onSuccess: (a) => {
      setErrors({});
      if (!editing) {
        setForm((f) => ({ ...initial(), personId: f.personId, companyId: f.companyId, dealId: f.dealId }));
        setScriptOpen(false);
      }
      onSaved?.(a);
    },
  });

  const canSave =
    kind === 'note'
      ? !!form.body.trim()
      : kind === 'task'
        ? !!form.subject.trim()
        : kind === 'visit'
          ? !!form.location.trim()
          : true;

  const fields = (
    <Stack gap="sm">
      {!editing && (
        // Buttons that wrap: six kinds do not fit a segmented control in a narrow card.
        <Group gap={6} role="tablist" data-testid="activity-kind">
          {kinds.map((k) => (
            <Button
              key={k}
              size="compact-sm"
              radius="xl"
              role="tab"
              aria-selected={k === kind}
              variant={k === kind ? 'filled' : 'default'}
              onClick={() => setKind(k)}
              data-testid={`activity-kind-${k}`}
            >
              {t(`crm.activities.kinds.${k}`)}
            </Button>
          ))}
        </Group>
      )}
      {kind !== 'note' && (
        <TextInput
          label={t('crm.activities.fields.subject')}
          placeholder={t(`crm.activities.subjectPlaceholder.${kind}`)}
          required={kind === 'task'}
          value={form.subject}
          onChange={(e) => set('subject', e.currentTarget.value)}
          error={errors.subject}
          data-testid="activity-subject"
        />
      )}
      {(kind === 'call' || kind === 'email') && (
        <SegmentedControl
          value={form.direction}
          onChange={(v) => set('direction', v as 'in' | 'out')}
          data={[
            { value: 'out', label: t('crm.activities.direction.out') },
            { value: 'in', label: t('crm.activities.direction.in') },
          ]}
          data-testid="activity-direction"
        />
      )}
      {kind === 'call' && (
        <>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <DateTimeField
              label={t('crm.activities.fields.occurredAt')}
              value={form.occurredAt}
              onChange={(v) => set('occurredAt', v)}
              error={errors.occurredAt}
              clearable
              data-testid="activity-occurred"
            />
            <NumberInput
              label={t('crm.activities.fields.duration')}
              min={0}
              decimalScale={1}
              value={form.durationMin}
              onChange={(v) => set('durationMin', v)}
              error={errors.durationSeconds}
              data-testid="activity-duration"
            />
            <Select
              label={t('crm.activities.fields.outcome')}
              data={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`crm.activities.outcomes.${o}`) }))}
              value={form.outcome}
              onChange={(v) => set('outcome', v)}
              clearable
              error={errors.outcome}
              data-testid="activity-outcome"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('crm.activities.fields.phone')}
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={errors.phone}
              data-testid="activity-phone"
            />
            <TextInput
              label={t('crm.activities.fields.recordingUrl')}
              placeholder="https://…"
              value={form.recordingUrl}
              onChange={(e) => set('recordingUrl', e.currentTarget.value)}
              error={errors.recordingUrl}
            />
          </SimpleGrid>
          <Group align="flex-end" gap="sm">
            <Select
              searchable
              label={t('crm.activities.fields.script')}
              data={activeScripts.map((s) => ({ value: s.id, label: s.name }))}
              value={form.scriptId}
              onChange={(v) => {
                set('scriptId', v);
                setScriptOpen(!!v);
              }}
              clearable
              nothingFoundMessage={t('crm.activities.noScripts')}
              placeholder={activeScripts.length === 0 ? t('crm.activities.noScripts') : undefined}
              style={{ flex: 1 }}
              data-testid="activity-script"
            />
            <Button
              variant="light"
              disabled={!script}
              onClick={() => setScriptOpen((o) => !o)}
              data-testid="open-script"
            >
              {scriptOpen ? t('crm.activities.hideScript') : t('crm.activities.openScript')}
            </Button>
          </Group>
        </>
      )}
      {(kind === 'meeting' || kind === 'visit') && (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <DateTimeField
            label={t('crm.activities.fields.startsAt')}
            value={form.occurredAt}
            onChange={(v) => set('occurredAt', v)}
            error={errors.occurredAt}
            clearable
            data-testid="activity-occurred"
          />
          <NumberInput
            label={t('crm.activities.fields.duration')}
            min={0}
            value={form.durationMin}
            onChange={(v) => set('durationMin', v)}
            error={errors.durationSeconds}
          />
          <TextInput
            label={t('crm.activities.fields.location')}
            required={kind === 'visit'}
            value={form.location}
            onChange={(e) => set('location', e.currentTarget.value)}
            error={errors.location}
            data-testid="activity-location"
          />
        </SimpleGrid>
      )}
      {kind === 'task' && (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <DateTimeField
            label={t('crm.activities.fields.dueAt')}
            value={form.dueAt}
            onChange={(v) => set('dueAt', v)}
            error={errors.dueAt}
            clearable
            data-testid="activity-due"
          />
          <MemberSelect
            label={t('crm.activities.fields.assignee')}
            value={form.assigneeId}
            onChange={(v) => set('assigneeId', v)}
            error={errors.assigneeId}
          />
          <DateTimeField
            label={t('crm.activities.fields.reminderAt')}
            value={form.reminderAt}
            onChange={(v) => set('reminderAt', v)}
            error={errors.reminderAt}
            clearable
            data-testid="activity-reminder"
          />
        </SimpleGrid>
      )}
      {kind === 'email' && (
        <DateTimeField
          label={t('crm.activities.fields.occurredAt')}
          value={form.occurredAt}
          onChange={(v) => set('occurredAt', v)}
          error={errors.occurredAt}
          clearable
          data-testid="activity-occurred"
        />
      )}
      <Textarea
        label={
          kind === 'note'
            ? t('crm.activities.fields.noteBody')
            : kind === 'email'
              ? t('crm.activities.fields.emailBody')
              : t('crm.activities.fields.body')
        }
        autosize
        minRows={kind === 'note' ? 3 : 2}
        maxRows={10}
        required={kind === 'note'}
        value={form.body}
        onChange={(e) => set('body', e.currentTarget.value)}
        error={errors.body}
        data-testid="activity-body"
      />
      {!fixed && (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <PersonPicker
            value={form.personId}
            initial={person}
            onChange={(id) => set('personId', id)}
            error={errors.personId}
          />
          <CompanyPicker
            value={form.companyId}
            initial={company}
            onChange={(id) => set('companyId', id)}
            error={errors.companyId}
          />
          <DealPicker value={form.dealId} initial={deal} onChange={(id) => set('dealId', id)} error={errors.dealId} />
        </SimpleGrid>
      )}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
        <Button
          loading={save.isPending}
          disabled={!canSave}
          onClick={() => save.mutate(undefined, { onError: (e) => setErrors(fieldErrorsOf(e)) })}
          data-testid="activity-save"
        >
          {editing ? t('common.save') : t('crm.activities.log')}
        </Button>
      </Group>
    </Stack>
  );

  const wide = kind === 'call' && scriptOpen && !!script;
  useEffect(() => onWide?.(wide), [wide, onWide]);
  if (wide)
    return (
      <Grid gap="md" data-testid="activity-composer">
        <Grid.Col span={{ base: 12, md: 7 }}>{fields}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <CallScriptPanel script={script} onClose={() => setScriptOpen(false)} />
        </Grid.Col>
      </Grid>
    );
  return <div data-testid="activity-composer">{fields}</div>;
}
