import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useSession } from '../../../session.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CompanyPicker, MemberSelect, PersonPicker } from './Pickers.tsx';
import { SALES_KEYS, usePipelines } from './sales-api.ts';
import type { Deal, Ref } from './sales-types.ts';
import { DateField } from '../../../components/DateFields.tsx';
import { CURRENCIES } from '../../../currencies.ts';

interface Form {
  title: string;
  pipelineId: string | null;
  stageId: string | null;
  amount: number | string;
  currency: string;
  expectedClose: string;
  ownerId: string | null;
  personId: string | null;
  companyId: string | null;
  source: string;
  campaign: string;
  region: string;
}

/**
 * New deal, or edit one. The stage list follows the chosen pipeline, so a deal can't be put on
 * another pipeline's stage; a person or company chosen on their card comes in as `preset`.
 */
export function DealFormModal({
  opened,
  deal,
  preset,
  onClose,
  onSaved,
}: {
  opened: boolean;
  deal?: Deal | null;
  preset?: { pipelineId?: string; stageId?: string; person?: Ref | null; company?: Ref | null };
  onClose: () => void;
  onSaved?: (d: Deal) => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const pipelines = usePipelines();
  const [form, setForm] = useState<Form>(() => blank());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [personRef, setPersonRef] = useState<Ref | null>(null);
  const [companyRef, setCompanyRef] = useState<Ref | null>(null);

  function blank(): Form {
    return {
      title: '',
      pipelineId: null,
      stageId: null,
      amount: '',
      currency: 'RUB',
      expectedClose: '',
      ownerId: me.user?.id ?? null,
      personId: null,
      companyId: null,
      source: '',
      campaign: '',
      region: '',
    };
  }

  useEffect(() => {
    if (!opened) return;
    setErrors({});
    if (deal) {
      setForm({
        title: deal.title,
        pipelineId: deal.pipelineId,
        stageId: deal.stageId,
        amount: deal.amount,
        currency: deal.currency,
        expectedClose: deal.expectedClose ?? '',
        ownerId: deal.ownerId,
        personId: deal.personId,
        companyId: deal.companyId,
        source: deal.source ?? '',
        campaign: deal.campaign ?? '',
        region: deal.region ?? '',
      });
      setPersonRef(deal.person ?? (deal.personId ? { id: deal.personId, name: deal.personId.slice(0, 8) } : null));
      setCompanyRef(deal.company ?? (deal.companyId ? { id: deal.companyId, name: deal.companyId.slice(0, 8) } : null));
    } else {
      setForm({
        ...blank(),
        pipelineId: preset?.pipelineId ?? null,
        stageId: preset?.stageId ?? null,
        personId: preset?.person?.id ?? null,
        companyId: preset?.company?.id ?? null,
      });
      setPersonRef(preset?.person ?? null);
      setCompanyRef(preset?.company ?? null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, deal]);

  // A new deal starts in the first pipeline's first stage, in that pipeline's currency.
  const list = pipelines.data ?? [];
  useEffect(() => {
    if (!opened || deal || form.stageId || list.length === 0) return;
    const p = list.find((x) => x.id === form.pipelineId) ?? list[0]!;
    setForm((f) => ({ ...f, pipelineId: p.id, stageId: p.stages[0]?.id ?? null, currency: p.currency || f.currency }));
  }, [opened, deal, form.pipelineId, form.stageId, list]);

  const pipeline = list.find((p) => p.id === form.pipelineId);
  const stageOptions = useMemo(() => (pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name })), [pipeline]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const save = useApiMutation({
    mutationFn: () => {
      const body = {
        title: form.title.trim(),
        amount: form.amount === '' ? 0 : Number(form.amount),
        currency: form.currency,
        expectedClose: form.expectedClose || null,
        ownerId: form.ownerId,
        personId: form.personId,
        companyId: form.companyId,
        source: form.source.trim() || null,
        campaign: form.campaign.trim() || null,
        region: form.region.trim() || null,
      };
      // Moving between stages goes through /move (history, won/lost rules); the form edits the rest.
      return deal
        ? patch<Deal>(`/deals/${deal.id}`, body)
        : post<Deal>('/deals', { ...body, pipelineId: form.pipelineId, stageId: form.stageId });
    },
    success: (d) => (deal ? t('crm.deals.saved') : t('crm.deals.created', { title: d.title })),
    invalidate: SALES_KEYS,
    onSuccess: (d) => {
      onClose();
      onSaved?.(d);
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title={deal ? deal.title : t('crm.deals.newDeal')} size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined, { onError: (err) => setErrors(fieldErrorsOf(err)) });
        }}
      >
        <Stack>
          <TextInput
            label={t('crm.deals.fields.title')}
            required
            value={form.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errors.title}
            data-autofocus
            data-testid="deal-title"
          />
          {!deal && (
            <SimpleGrid cols={2}>
              <Select
                searchable
                label={t('crm.deals.fields.pipeline')}
                required
                data={list.map((p) => ({ value: p.id, label: p.name }))}
                value={form.pipelineId}
                onChange={(v) => {
                  const p = list.find((x) => x.id === v);
                  setForm((f) => ({
                    ...f,
                    pipelineId: v,
                    stageId: p?.stages[0]?.id ?? null,
                    currency: p?.currency || f.currency,
                  }));
                }}
                error={errors.pipelineId}
                allowDeselect={false}
                data-testid="deal-pipeline"
              />
              <Select
                searchable
                label={t('crm.deals.fields.stage')}
                required
                data={stageOptions}
                value={form.stageId}
                onChange={(v) => set('stageId', v)}
                error={errors.stageId}
                allowDeselect={false}
                data-testid="deal-stage"
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={2}>
            <NumberInput
              label={t('crm.deals.fields.amount')}
              min={0}
              thousandSeparator=" "
              decimalScale={2}
              value={form.amount}
              onChange={(v) => set('amount', v)}
              error={errors.amount}
              data-testid="deal-amount"
            />
            <Select
              label={t('crm.deals.fields.currency')}
              data={CURRENCIES}
              value={form.currency}
              onChange={(v) => set('currency', v ?? 'RUB')}
              searchable
              allowDeselect={false}
              error={errors.currency}
            />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <PersonPicker
              value={form.personId}
              initial={personRef}
              onChange={(id) => set('personId', id)}
              error={errors.personId}
              data-testid="deal-person"
            />
            <CompanyPicker
              value={form.companyId}
              initial={companyRef}
              onChange={(id) => set('companyId', id)}
              error={errors.companyId}
              data-testid="deal-company"
            />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <MemberSelect
              label={t('crm.deals.fields.owner')}
              value={form.ownerId}
              onChange={(v) => set('ownerId', v)}
              error={errors.ownerId}
            />
            <DateField
              label={t('crm.deals.fields.expectedClose')}
              value={form.expectedClose}
              onChange={(v) => set('expectedClose', v)}
              error={errors.expectedClose}
              clearable
              data-testid="deal-expected-close"
            />
          </SimpleGrid>
          <SimpleGrid cols={3}>
            <TextInput
              label={t('crm.deals.fields.source')}
              value={form.source}
              onChange={(e) => set('source', e.currentTarget.value)}
              error={errors.source}
            />
            <TextInput
              label={t('crm.deals.fields.campaign')}
              value={form.campaign}
              onChange={(e) => set('campaign', e.currentTarget.value)}
              error={errors.campaign}
            />
            <TextInput
              label={t('crm.deals.fields.region')}
              value={form.region}
              onChange={(e) => set('region', e.currentTarget.value)}
              error={errors.region}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!form.title.trim() || (!deal && !form.stageId)}
              data-testid="deal-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
