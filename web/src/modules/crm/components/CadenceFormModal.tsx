import { Button, Group, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useSession } from '../../../session.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CompanyPicker, DealPicker, MemberSelect, PersonPicker } from './Pickers.tsx';
import { CADENCES_KEY, AGENDA_KEY, localDay } from './sales-api.ts';
import type { ActivityKind, Cadence, Ref } from './sales-types.ts';
import { DateField } from '../../../components/DateFields.tsx';

const CADENCE_KINDS: ActivityKind[] = ['call', 'meeting', 'visit', 'task', 'email'];

/** A regular contact: every N days a task lands on the assignee's agenda. */
export function CadenceFormModal({
  opened,
  person,
  company,
  deal,
  onClose,
}: {
  opened: boolean;
  person?: Ref | null;
  company?: Ref | null;
  deal?: Ref | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const fixed = !!(person || company || deal);
  const blank = () => ({
    kind: 'call' as ActivityKind,
    subject: '',
    intervalDays: 7 as number | string,
    startAt: localDay(),
    endsAt: '',
    assigneeId: me.user?.id ?? null,
    personId: person?.id ?? null,
    companyId: company?.id ?? null,
    dealId: deal?.id ?? null,
  });
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (opened) {
      setForm(blank());
      setErrors({});
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  const set = <K extends keyof ReturnType<typeof blank>>(k: K, v: ReturnType<typeof blank>[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const save = useApiMutation({
    mutationFn: () =>
      post<Cadence>('/cadences', {
        kind: form.kind,
        subject: form.subject.trim(),
        intervalDays: Number(form.intervalDays),
        startAt: new Date(`${form.startAt}T09:00:00`).toISOString(),
        ...(form.endsAt ? { endsAt: new Date(`${form.endsAt}T23:59:59`).toISOString() } : {}),
        assigneeId: form.assigneeId,
        ...(form.personId ? { personId: form.personId } : {}),
        ...(form.companyId ? { companyId: form.companyId } : {}),
        ...(form.dealId ? { dealId: form.dealId } : {}),
      }),
    success: t('crm.activities.cadences.created'),
    invalidate: [CADENCES_KEY, AGENDA_KEY],
    onSuccess: onClose,
  });
  const missing = !form.personId && !form.companyId && !form.dealId;
  return (
    <Modal opened={opened} onClose={onClose} title={t('crm.activities.cadences.createTitle')} size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined, { onError: (err) => setErrors(fieldErrorsOf(err)) });
        }}
      >
        <Stack>
          <SegmentedControl
            value={form.kind}
            onChange={(v) => set('kind', v as ActivityKind)}
            data={CADENCE_KINDS.map((k) => ({ value: k, label: t(`crm.activities.kinds.${k}`) }))}
          />
          <TextInput
            label={t('crm.activities.fields.subject')}
            required
            value={form.subject}
            onChange={(e) => set('subject', e.currentTarget.value)}
            error={errors.subject}
            data-testid="cadence-subject"
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <NumberInput
              label={t('crm.activities.cadences.every')}
              min={1}
              max={365}
              required
              value={form.intervalDays}
              onChange={(v) => set('intervalDays', v)}
              error={errors.intervalDays}
              data-testid="cadence-interval"
            />
            <DateField
              label={t('crm.activities.cadences.startAt')}
              required
              value={form.startAt}
              onChange={(v) => set('startAt', v)}
              error={errors.startAt}
              data-testid="cadence-start"
            />
            <DateField
              label={t('crm.activities.cadences.endsAt')}
              value={form.endsAt}
              onChange={(v) => set('endsAt', v)}
              error={errors.endsAt}
              clearable
              minDate={form.startAt || undefined}
              data-testid="cadence-ends"
            />
          </SimpleGrid>
          <MemberSelect
            label={t('crm.activities.fields.assignee')}
            required
            value={form.assigneeId}
            onChange={(v) => set('assigneeId', v)}
            error={errors.assigneeId}
            data-testid="cadence-assignee"
          />
          {!fixed && (
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <PersonPicker
                value={form.personId}
                onChange={(id) => set('personId', id)}
                error={errors.personId}
                data-testid="cadence-person"
              />
              <CompanyPicker
                value={form.companyId}
                onChange={(id) => set('companyId', id)}
                error={errors.companyId}
                data-testid="cadence-company"
              />
              <DealPicker
                value={form.dealId}
                onChange={(id) => set('dealId', id)}
                error={errors.dealId}
                data-testid="cadence-deal"
              />
            </SimpleGrid>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!form.subject.trim() || !form.assigneeId || !Number(form.intervalDays) || missing}
              title={missing ? t('crm.activities.cadences.needTarget') : undefined}
              data-testid="cadence-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
