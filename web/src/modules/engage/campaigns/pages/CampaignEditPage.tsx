import {
  Alert,
  Anchor,
  Autocomplete,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, patch, post } from '../../../../api.ts';
import { DateTimeField } from '../../../../components/DateFields.tsx';
import { IconArrowLeft, IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../../forms.ts';
import { useSession } from '../../../../session.tsx';
import { templateChannelOf, useAudiences, useChannels, useTemplates } from '../../api.ts';
import {
  AB_METRICS,
  type AbMetric,
  type Campaign,
  CAMPAIGNS_KEY,
  errorAt,
  useCampaign,
  useEstimate,
  usePromotionOptions,
} from '../api.ts';
import { useStatFormat } from '../components/format.ts';

const STEPS = ['basics', 'audience', 'waves', 'conversion', 'review'] as const;
const WINDOWS = ['1d', '3d', '7d', '14d', '30d'] as const;
const EVENTS = ['Order Completed', 'Offer Redeemed', 'Deal Won'];

interface WaveForm {
  channelId: string | null;
  templateId: string | null;
  delay: string;
  ab: boolean;
  variants: { key: string; templateId: string | null; share: number }[];
}

interface Form {
  name: string;
  goal: string;
  segmentId: string | null;
  controlMode: 'percent' | 'segment';
  controlPercent: number;
  controlSegmentId: string | null;
  regions: string[];
  waves: WaveForm[];
  ab: { metric: AbMetric; testPercent: number; decideAfter: string; auto: boolean };
  conversionEvent: string;
  attributionWindow: string;
  promotionId: string | null;
  revenueProperty: string;
  budget: number | '';
  costPerMessage: number | '';
  startsAt: string;
}

const emptyWave = (): WaveForm => ({ channelId: null, templateId: null, delay: '', ab: false, variants: [] });

const pad = (n: number) => String(n).padStart(2, '0');
function toLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function formOf(c: Campaign | undefined): Form {
  return {
    name: c?.name ?? '',
    goal: c?.goal ?? '',
    segmentId: c?.segmentId ?? null,
    controlMode: c?.controlSegmentId ? 'segment' : 'percent',
    controlPercent: c?.controlPercent ?? 10,
    controlSegmentId: c?.controlSegmentId ?? null,
    regions: c?.geography?.regions ?? [],
    waves: c?.steps.length
      ? c.steps.map((s) => ({
          channelId: s.channelId,
          templateId: s.templateId,
          delay: s.delay ?? '',
          ab: !!s.variants?.length,
          variants: (s.variants ?? []).map((v) => ({ ...v })),
        }))
      : [emptyWave()],
    ab: c?.abTest ?? { metric: 'clicked', testPercent: 20, decideAfter: '24h', auto: false },
    conversionEvent: c?.conversionEvent ?? 'Order Completed',
    attributionWindow: c?.attributionWindow ?? '7d',
    promotionId: c?.promotionId ?? null,
    revenueProperty: c?.revenueProperty ?? '',
    budget: c?.budget ?? '',
    costPerMessage: c?.costPerMessage ?? '',
    startsAt: toLocal(c?.startsAt ?? null),
  };
}

/**
 * The body of POST /campaigns and PATCH /campaigns/{id}: the contract's fields, the unset optional
 * ones as null (so that editing a draft also clears what was emptied).
 */
function bodyOf(f: Form) {
  const anyAb = f.waves.some((w) => w.ab && w.variants.filter((v) => v.templateId).length > 1);
  return {
    name: f.name.trim(),
    goal: f.goal.trim() || null,
    segmentId: f.segmentId,
    controlPercent: f.controlMode === 'percent' ? f.controlPercent : null,
    controlSegmentId: f.controlMode === 'segment' ? f.controlSegmentId : null,
    steps: f.waves.map((w) => {
      const variants = w.ab ? w.variants.filter((v) => v.templateId) : [];
      return {
        channelId: w.channelId,
        templateId: variants.length ? variants[0]!.templateId : w.templateId,
        delay: w.delay.trim() || null,
        variants: variants.length > 1 ? variants : null,
      };
    }),
    conversionEvent: f.conversionEvent.trim(),
    attributionWindow: f.attributionWindow,
    promotionId: f.promotionId,
    revenueProperty: f.revenueProperty.trim() || null,
    geography: f.regions.length ? { regions: f.regions } : null,
    budget: f.budget === '' ? null : f.budget,
    costPerMessage: f.costPerMessage === '' ? null : f.costPerMessage,
    startsAt: f.startsAt ? new Date(f.startsAt).toISOString() : null,
    abTest: anyAb ? f.ab : null,
  };
}

/** Which wizard step shows a field the server named (`steps.1.templateId` → the waves). */
function stepOf(path: string): number {
  if (/^(name|goal)\b/.test(path)) return 0;
  if (/^(segmentId|controlPercent|controlSegmentId|geography)\b/.test(path)) return 1;
  if (/^(steps|abTest)\b/.test(path)) return 2;
  if (
    /^(conversionEvent|attributionWindow|promotionId|revenueProperty|budget|costPerMessage|startsAt|endsAt)\b/.test(
      path,
    )
  )
    return 3;
  return 4;
}

/** /campaigns/new and /campaigns/:id/edit (a draft): the campaign wizard. */
export function CampaignEditPage() {
  const { id } = useParams();
  const q = useCampaign(id);
  if (id && q.isPending) return <PageLoader />;
  if (id && (q.isError || !q.data)) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return <Wizard campaign={q.data} />;
}

function Wizard({ campaign }: { campaign: Campaign | undefined }) {
  const { t } = useTranslation();
  const s = useStatFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const audiences = useAudiences();
  const channels = useChannels();
  const templates = useTemplates();
  const promotions = usePromotionOptions(can('loyalty:read'));
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>(() => formOf(campaign));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((x) => ({ ...x, [k]: v }));
  const setWave = (i: number, w: Partial<WaveForm>) =>
    setForm((x) => ({ ...x, waves: x.waves.map((o, j) => (j === i ? { ...o, ...w } : o)) }));
  const segment = audiences.data?.find((a) => a.id === form.segmentId);
  const controlSegment = audiences.data?.find((a) => a.id === form.controlSegmentId);
  const fitting = (channelId: string | null) => {
    const ch = channels.data?.find((c) => c.id === channelId);
    return (templates.data ?? []).filter((x) => ch && x.channel === templateChannelOf(ch.type));
  };
  const waveReady = (w: WaveForm) =>
    !!w.channelId && (w.ab ? w.variants.filter((v) => v.templateId).length > 1 : !!w.templateId);
  const ready = [
    !!form.name.trim(),
    !!segment && (form.controlMode === 'percent' ? form.controlPercent >= 0 : !!form.controlSegmentId),
    form.waves.length > 0 && form.waves.every(waveReady),
    !!form.conversionEvent.trim() && !!form.attributionWindow,
    true,
  ];
  const err = (p: string) => errorAt(errors, p);

  const save = useApiMutation({
    mutationFn: async (then: 'draft' | 'launch') => {
      const c = campaign
        ? await patch<Campaign>(`/campaigns/${campaign.id}`, bodyOf(form))
        : await post<Campaign>('/campaigns', bodyOf(form));
      if (then === 'launch') return post<Campaign>(`/campaigns/${c.id}/launch`);
      return c;
    },
    success: (c, then) =>
      then === 'launch'
        ? t(c.status === 'scheduled' ? 'campaigns.scheduledDone' : 'campaigns.launched')
        : t('campaigns.saved', { name: c.name }),
    invalidate: [CAMPAIGNS_KEY],
    onSuccess: (c) => navigate(`/campaigns/${c.id}`),
  });
  const submit = (then: 'draft' | 'launch') => {
    setErrors({});
    save.mutate(then, {
      onError: (e) => {
        if (!(e instanceof ApiError)) return;
        const fe = fieldErrorsOf(e);
        setErrors(fe);
        const first = Object.keys(fe)[0];
        if (first) setStep(stepOf(first));
      },
    });
  };

  // The audience before saving: the segment's size, with the hold-out share taken out of it.
  const size = segment?.size ?? 0;
  const control =
    form.controlMode === 'percent' ? Math.round((size * form.controlPercent) / 100) : (controlSegment?.size ?? 0);
  const treatment = form.controlMode === 'percent' ? size - control : size;
  const errorList = Object.entries(errors);
  // Editing a saved draft whose audience is as saved: the server's count (GET /campaigns/{id}/estimate).
  const estimate = useEstimate(campaign?.id, !!campaign);
  const asSaved =
    !!campaign &&
    form.segmentId === campaign.segmentId &&
    (form.controlMode === 'percent'
      ? !campaign.controlSegmentId && form.controlPercent === campaign.controlPercent
      : form.controlSegmentId === campaign.controlSegmentId) &&
    form.regions.join('\n') === (campaign.geography?.regions ?? []).join('\n');
  const exact = asSaved ? estimate.data : undefined;

  return (
    <Stack gap="md" data-testid="campaign-edit-page">
      <Anchor component={Link} to={campaign ? `/campaigns/${campaign.id}` : '/campaigns'} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {campaign ? campaign.name : t('nav.campaigns')}
        </Group>
      </Anchor>
      <PageHeader title={campaign ? campaign.name : t('campaigns.create')} description={t('campaigns.intro')} />
      <Stepper active={step} onStepClick={(x) => x < step && setStep(x)} size="sm" data-testid="campaign-steps">
        {STEPS.map((x) => (
          <Stepper.Step key={x} label={t(`campaigns.steps.${x}`)} />
        ))}
      </Stepper>
      <Card withBorder padding="md">
        {step === 0 && (
          <Stack gap="sm">
            <TextInput
              label={t('campaigns.fields.name')}
              value={form.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              required
              maxLength={200}
              error={err('name')}
              data-testid="campaign-name"
            />
            <Textarea
              label={t('campaigns.fields.goal')}
              placeholder={t('campaigns.fields.goalPlaceholder')}
              value={form.goal}
              onChange={(e) => set('goal', e.currentTarget.value)}
              autosize
              minRows={2}
              error={err('goal')}
              data-testid="campaign-goal"
            />
          </Stack>
        )}
        {step === 1 && (
          <Stack gap="sm">
            {audiences.data && audiences.data.length === 0 ? (
              <Alert color="yellow" variant="light">
                {t('campaigns.noSegments')}
              </Alert>
            ) : (
              <Select
                label={t('campaigns.fields.segment')}
                searchable
                data={(audiences.data ?? []).map((a) => ({ value: a.id, label: `${a.name} · ${s.count(a.size)}` }))}
                value={form.segmentId}
                onChange={(v) => set('segmentId', v)}
                error={err('segmentId')}
                data-testid="campaign-segment"
              />
            )}
            <Radio.Group
              label={t('campaigns.fields.control')}
              value={form.controlMode}
              onChange={(v) => set('controlMode', v as 'percent' | 'segment')}
            >
              <Group gap="lg" mt={4}>
                <Radio
                  value="percent"
                  label={t('campaigns.fields.controlPercent')}
                  data-testid="campaign-control-percent"
                />
                <Radio
                  value="segment"
                  label={t('campaigns.fields.controlSegment')}
                  data-testid="campaign-control-segment"
                />
              </Group>
            </Radio.Group>
            {form.controlMode === 'percent' ? (
              <NumberInput
                label={t('campaigns.fields.percent')}
                value={form.controlPercent}
                onChange={(v) => set('controlPercent', typeof v === 'number' ? v : 0)}
                min={0}
                max={90}
                decimalScale={0}
                w={220}
                error={err('controlPercent')}
                data-testid="campaign-percent"
              />
            ) : (
              <Select
                label={t('campaigns.fields.controlSegmentPick')}
                searchable
                data={(audiences.data ?? [])
                  .filter((a) => a.id !== form.segmentId)
                  .map((a) => ({ value: a.id, label: `${a.name} · ${s.count(a.size)}` }))}
                value={form.controlSegmentId}
                onChange={(v) => set('controlSegmentId', v)}
                error={err('controlSegmentId')}
                data-testid="campaign-control-segment-pick"
              />
            )}
            <TagsInput
              label={t('campaigns.fields.regions')}
              description={t('campaigns.fields.regionsHint')}
              value={form.regions}
              onChange={(v) => set('regions', v)}
              error={err('geography')}
              data-testid="campaign-regions"
            />
            {segment && (
              <Alert
                variant="light"
                color="blue"
                title={t('campaigns.estimate.title')}
                data-testid="campaign-estimate-before"
                data-audience={size}
                data-treatment={treatment}
                data-control={control}
              >
                <Text size="sm">
                  {t('campaigns.estimate.before', {
                    audience: s.count(form.controlMode === 'percent' ? size : size + control),
                    treatment: s.count(treatment),
                    control: s.count(control),
                  })}
                </Text>
                {exact ? (
                  <Text size="sm" mt={4} data-testid="campaign-estimate-exact" data-control={exact.control}>
                    {t('campaigns.estimate.exact', {
                      audience: s.count(exact.audience),
                      treatment: s.count(exact.treatment),
                      control: s.count(exact.control),
                    })}
                  </Text>
                ) : (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('campaigns.estimate.beforeNote')}
                  </Text>
                )}
              </Alert>
            )}
          </Stack>
        )}
        {step === 2 && (
          <Stack gap="md">
            {channels.data && channels.data.length === 0 && (
              <Alert color="yellow" variant="light">
                {t('campaigns.noChannels')}
              </Alert>
            )}
            {form.waves.map((w, i) => {
              const fits = fitting(w.channelId);
              const tplData = fits.map((x) => ({ value: x.id, label: x.name }));
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: waves are positional (the server numbers them)
                <Card key={i} withBorder padding="sm" data-testid="campaign-wave" data-index={i}>
                  <Stack gap="sm">
                    <Group justify="space-between">
                      <Title order={6}>{t('campaigns.wave', { n: i + 1 })}</Title>
                      {form.waves.length > 1 && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() =>
                            set(
                              'waves',
                              form.waves.filter((_, j) => j !== i),
                            )
                          }
                        >
                          {t('campaigns.removeWave')}
                        </Button>
                      )}
                    </Group>
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <Select
                        label={t('campaigns.fields.channel')}
                        data={(channels.data ?? []).map((c) => ({
                          value: c.id,
                          label: `${c.name} · ${t(`engage.channelTypes.${c.type}`)}`,
                        }))}
                        value={w.channelId}
                        onChange={(v) => setWave(i, { channelId: v, templateId: null, variants: [] })}
                        error={err(`steps.${i}.channelId`)}
                        data-testid={`campaign-wave-${i}-channel`}
                      />
                      {!w.ab && (
                        <Select
                          label={t('campaigns.fields.template')}
                          searchable
                          data={tplData}
                          value={w.templateId}
                          onChange={(v) => setWave(i, { templateId: v })}
                          error={
                            err(`steps.${i}.templateId`) ??
                            (w.channelId && fits.length === 0 ? t('campaigns.noTemplates') : undefined)
                          }
                          data-testid={`campaign-wave-${i}-template`}
                        />
                      )}
                      <TextInput
                        label={t('campaigns.fields.delay')}
                        placeholder={t('campaigns.fields.delayHint')}
                        value={w.delay}
                        onChange={(e) => setWave(i, { delay: e.currentTarget.value })}
                        error={err(`steps.${i}.delay`)}
                        data-testid={`campaign-wave-${i}-delay`}
                      />
                    </SimpleGrid>
                    <Switch
                      label={t('campaigns.fields.abTest')}
                      checked={w.ab}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setWave(i, {
                          ab: on,
                          variants: on
                            ? [
                                { key: 'A', templateId: w.templateId, share: 50 },
                                { key: 'B', templateId: null, share: 50 },
                              ]
                            : [],
                        });
                      }}
                      data-testid={`campaign-wave-${i}-ab`}
                    />
                    {w.ab && (
                      <Stack gap="xs">
                        {w.variants.map((v, k) => (
                          <Group key={v.key} gap="sm" align="flex-end" wrap="nowrap">
                            <Select
                              style={{ flex: 1 }}
                              label={t('campaigns.fields.variant', { key: v.key })}
                              searchable
                              data={tplData}
                              value={v.templateId}
                              onChange={(val) =>
                                setWave(i, {
                                  variants: w.variants.map((o, j) => (j === k ? { ...o, templateId: val } : o)),
                                })
                              }
                              error={err(`steps.${i}.variants.${k}`)}
                              data-testid={`campaign-wave-${i}-variant-${v.key}`}
                            />
                            <NumberInput
                              w={120}
                              label={t('campaigns.fields.share')}
                              value={v.share}
                              min={1}
                              max={100}
                              onChange={(val) =>
                                setWave(i, {
                                  variants: w.variants.map((o, j) =>
                                    j === k ? { ...o, share: typeof val === 'number' ? val : 0 } : o,
                                  ),
                                })
                              }
                            />
                          </Group>
                        ))}
                        {w.variants.length < 5 && (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            w="fit-content"
                            leftSection={<IconPlus size={14} />}
                            onClick={() => {
                              const key = String.fromCharCode(65 + w.variants.length);
                              const share = Math.floor(100 / (w.variants.length + 1));
                              setWave(i, {
                                variants: [
                                  ...w.variants.map((o) => ({ ...o, share })),
                                  { key, templateId: null, share: 100 - share * w.variants.length },
                                ],
                              });
                            }}
                          >
                            {t('campaigns.fields.addVariant')}
                          </Button>
                        )}
                      </Stack>
                    )}
                  </Stack>
                </Card>
              );
            })}
            {form.waves.some((w) => w.ab) && (
              <Card withBorder padding="sm" data-testid="campaign-abtest">
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <Select
                    label={t('campaigns.fields.abMetric')}
                    data={AB_METRICS.map((m) => ({ value: m, label: t(`campaigns.fields.abMetrics.${m}`) }))}
                    value={form.ab.metric}
                    onChange={(v) => v && set('ab', { ...form.ab, metric: v as AbMetric })}
                    allowDeselect={false}
                    error={err('abTest.metric')}
                  />
                  <NumberInput
                    label={t('campaigns.fields.testPercent')}
                    value={form.ab.testPercent}
                    min={1}
                    max={100}
                    onChange={(v) => set('ab', { ...form.ab, testPercent: typeof v === 'number' ? v : 0 })}
                    error={err('abTest.testPercent')}
                  />
                  <TextInput
                    label={t('campaigns.fields.decideAfter')}
                    value={form.ab.decideAfter}
                    onChange={(e) => set('ab', { ...form.ab, decideAfter: e.currentTarget.value })}
                    error={err('abTest.decideAfter')}
                  />
                </SimpleGrid>
                <Checkbox
                  mt="sm"
                  label={t('campaigns.fields.auto')}
                  checked={form.ab.auto}
                  onChange={(e) => set('ab', { ...form.ab, auto: e.currentTarget.checked })}
                />
              </Card>
            )}
            <Button
              variant="light"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() => set('waves', [...form.waves, { ...emptyWave(), delay: '2d' }])}
              data-testid="campaign-add-wave"
            >
              {t('campaigns.addWave')}
            </Button>
          </Stack>
        )}
        {step === 3 && (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Autocomplete
                label={t('campaigns.fields.conversionEvent')}
                data={EVENTS}
                value={form.conversionEvent}
                onChange={(v) => set('conversionEvent', v)}
                error={err('conversionEvent')}
                data-testid="campaign-event"
              />
              <Select
                label={t('campaigns.fields.attributionWindow')}
                data={WINDOWS.map((w) => ({ value: w, label: t(`campaigns.fields.windows.${w}`) }))}
                value={form.attributionWindow}
                onChange={(v) => v && set('attributionWindow', v)}
                allowDeselect={false}
                error={err('attributionWindow')}
                data-testid="campaign-window"
              />
              {can('loyalty:read') && (
                <Select
                  label={t('campaigns.fields.promotion')}
                  placeholder={t('campaigns.fields.noPromotion')}
                  searchable
                  clearable
                  data={(promotions.data ?? [])
                    .filter((p) => p.status !== 'archived')
                    .map((p) => ({ value: p.id, label: p.name }))}
                  value={form.promotionId}
                  onChange={(v) => set('promotionId', v)}
                  error={err('promotionId')}
                  data-testid="campaign-promotion"
                />
              )}
              <TextInput
                label={t('campaigns.fields.revenueProperty')}
                placeholder="revenue"
                value={form.revenueProperty}
                onChange={(e) => set('revenueProperty', e.currentTarget.value)}
                error={err('revenueProperty')}
                data-testid="campaign-revenue-property"
              />
              <NumberInput
                label={t('campaigns.fields.budget')}
                value={form.budget}
                min={0}
                decimalScale={2}
                onChange={(v) => set('budget', typeof v === 'number' ? v : '')}
                error={err('budget')}
                data-testid="campaign-budget"
              />
              <NumberInput
                label={t('campaigns.fields.costPerMessage')}
                value={form.costPerMessage}
                min={0}
                decimalScale={2}
                onChange={(v) => set('costPerMessage', typeof v === 'number' ? v : '')}
                error={err('costPerMessage')}
                data-testid="campaign-cost"
              />
              <DateTimeField
                label={t('campaigns.fields.startsAt')}
                description={t('campaigns.fields.startsAtHint')}
                value={form.startsAt}
                onChange={(v) => set('startsAt', v)}
                clearable
                error={err('startsAt')}
                data-testid="campaign-starts"
              />
            </SimpleGrid>
          </Stack>
        )}
        {step === 4 && (
          <Stack gap="xs" data-testid="campaign-summary">
            <Text fw={600}>{form.name}</Text>
            {form.goal && <Text size="sm">{form.goal}</Text>}
            <Text size="sm">
              {t('campaigns.review.summary', {
                segment: segment?.name ?? '—',
                control:
                  form.controlMode === 'percent'
                    ? t('campaigns.review.controlPercent', { percent: form.controlPercent })
                    : t('campaigns.review.controlSegment', { segment: controlSegment?.name ?? '—' }),
              })}
            </Text>
            <Text size="sm">
              {t('campaigns.estimate.before', {
                audience: s.count(form.controlMode === 'percent' ? size : size + control),
                treatment: s.count(treatment),
                control: s.count(control),
              })}
            </Text>
            <Text size="sm">{t('campaigns.review.waves', { count: form.waves.length })}</Text>
            <Text size="sm">
              {t('campaigns.review.conversion', {
                event: form.conversionEvent,
                window: t(`campaigns.fields.windows.${form.attributionWindow as (typeof WINDOWS)[number]}`, {
                  defaultValue: form.attributionWindow,
                }),
              })}
            </Text>
            {form.promotionId && (
              <Text size="sm">
                {t('campaigns.review.promotion', {
                  name: promotions.data?.find((p) => p.id === form.promotionId)?.name ?? '—',
                })}
              </Text>
            )}
            {(form.budget !== '' || form.costPerMessage !== '') && (
              <Text size="sm">
                {t('campaigns.review.budget', {
                  budget: form.budget === '' ? '—' : s.money(form.budget),
                  cost: form.costPerMessage === '' ? '—' : s.money(form.costPerMessage),
                })}
              </Text>
            )}
            {errorList.length > 0 && (
              <Alert color="red" variant="light" title={t('campaigns.review.errors')} data-testid="campaign-errors">
                {errorList.map(([k, v]) => `${k}: ${v}`).join('; ')}
              </Alert>
            )}
          </Stack>
        )}
      </Card>
      <Group justify="space-between">
        <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)} data-testid="campaign-prev">
          {t('campaigns.prev')}
        </Button>
        {step < STEPS.length - 1 ? (
          <Button disabled={!ready[step]} onClick={() => setStep(step + 1)} data-testid="campaign-next">
            {t('campaigns.next')}
          </Button>
        ) : (
          <Group gap="sm">
            <Button
              variant="default"
              loading={save.isPending && save.variables === 'draft'}
              disabled={!ready.every(Boolean)}
              onClick={() => submit('draft')}
              data-testid="campaign-save-draft"
            >
              {campaign ? t('campaigns.saveChanges') : t('campaigns.saveDraft')}
            </Button>
            <Button
              loading={save.isPending && save.variables === 'launch'}
              disabled={!ready.every(Boolean)}
              onClick={() => submit('launch')}
              data-testid="campaign-launch"
            >
              {t('campaigns.launch')}
            </Button>
          </Group>
        )}
      </Group>
    </Stack>
  );
}
