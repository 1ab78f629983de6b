import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, patch, post } from '../../../api.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { DateTimeField } from '../../../components/DateFields.tsx';
import { IconArrowLeft } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useSession } from '../../../session.tsx';
import {
  errorAt,
  type Geography,
  MECHANICS,
  type Mechanic,
  PARAMS_OF,
  type Promotion,
  type PromotionParams,
  PROMOTIONS_KEY,
  usePromotion,
  useSegmentOptions,
} from '../api.ts';
import { PromotionStatusBadge } from '../components/PromotionStatusBadge.tsx';

interface Form {
  name: string;
  description: string;
  mechanic: Mechanic;
  params: PromotionParams;
  startsAt: string;
  endsAt: string;
  geography: Geography;
  segmentId: string | null;
  limitPerPerson: number | '';
  limitTotal: number | '';
}

const DEFAULT_PARAMS: PromotionParams = {
  n: 2,
  m: 1,
  multiplier: 2,
  percent: 10,
  points: 100,
  skus: [],
  categories: [],
};

const pad = (n: number) => String(n).padStart(2, '0');
/** An ISO moment as the date-time field keeps it (local YYYY-MM-DDTHH:mm). */
function toLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const toIso = (local: string) => (local ? new Date(local).toISOString() : null);

function formOf(p: Promotion | undefined): Form {
  return {
    name: p?.name ?? '',
    description: p?.description ?? '',
    mechanic: p?.mechanic ?? 'percent_off',
    params: { ...DEFAULT_PARAMS, ...(p?.params ?? {}) },
    startsAt: toLocal(p?.startsAt ?? null),
    endsAt: toLocal(p?.endsAt ?? null),
    geography: p?.geography ?? { regions: [], cities: [], stores: [] },
    segmentId: p?.segmentId ?? null,
    limitPerPerson: p?.limitPerPerson ?? '',
    limitTotal: p?.limitTotal ?? '',
  };
}

/** The body of POST / PATCH /promotions: the chosen mechanic's parameters only, empty lists and numbers left out. */
function bodyOf(f: Form, was: Promotion | undefined) {
  const creating = !was;
  const params: Record<string, unknown> = {};
  for (const k of PARAMS_OF[f.mechanic]) {
    const v = f.params[k];
    if (v === undefined || v === null || (v as unknown) === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    params[k] = v;
  }
  const startsAt = toIso(f.startsAt);
  const endsAt = toIso(f.endsAt);
  return {
    name: f.name.trim(),
    description: f.description.trim(),
    // The mechanic changes only while a draft: a live promotion's is not sent again.
    ...(!was || was.status === 'draft' ? { mechanic: f.mechanic } : {}),
    params,
    ...(startsAt || !creating ? { startsAt } : {}),
    ...(endsAt || !creating ? { endsAt } : {}),
    geography: f.geography,
    segmentId: f.segmentId,
    limitPerPerson: f.limitPerPerson === '' ? null : f.limitPerPerson,
    limitTotal: f.limitTotal === '' ? null : f.limitTotal,
  };
}

/** /promotions/new and /promotions/:id: the promotion editor. */
export function PromotionEditPage() {
  const { id } = useParams();
  const q = usePromotion(id);
  if (id && q.isPending) return <PageLoader />;
  if (id && (q.isError || !q.data)) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return <Editor key={q.data?.updatedAt ?? 'new'} promotion={q.data} />;
}

function Editor({ promotion }: { promotion: Promotion | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const segments = useSegmentOptions();
  const [form, setForm] = useState<Form>(() => formOf(promotion));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [archiving, setArchiving] = useState(false);
  useEffect(() => setForm(formOf(promotion)), [promotion]);
  const editable =
    can('loyalty:write') && (!promotion || (promotion.status !== 'archived' && promotion.status !== 'ended'));
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((x) => ({ ...x, [k]: v }));
  const setParam = <K extends keyof PromotionParams>(k: K, v: PromotionParams[K]) =>
    setForm((x) => ({ ...x, params: { ...x.params, [k]: v } }));
  const setGeo = (k: keyof Geography, v: string[]) => setForm((x) => ({ ...x, geography: { ...x.geography, [k]: v } }));

  const save = useApiMutation({
    mutationFn: () =>
      promotion
        ? patch<Promotion>(`/promotions/${promotion.id}`, bodyOf(form, promotion))
        : post<Promotion>('/promotions', bodyOf(form, undefined)),
    success: (p) => t(promotion ? 'loyalty.promotions.saved' : 'loyalty.promotions.created', { name: p.name }),
    invalidate: [PROMOTIONS_KEY],
    onSuccess: (p) => {
      if (!promotion) navigate(`/promotions/${p.id}`, { replace: true });
    },
  });
  const action = useApiMutation({
    mutationFn: (a: 'activate' | 'pause' | 'archive') => post<Promotion>(`/promotions/${promotion?.id}/${a}`),
    success: (_, a) =>
      t(
        a === 'activate'
          ? 'loyalty.promotions.activated'
          : a === 'pause'
            ? 'loyalty.promotions.pausedDone'
            : 'loyalty.promotions.archived',
      ),
    invalidate: [PROMOTIONS_KEY],
    onSuccess: () => setArchiving(false),
  });
  const onError = (e: Error) => {
    const fe = fieldErrorsOf(e);
    setErrors(fe);
    setGeneral(e instanceof ApiError ? e.message : String(e));
  };
  const submit = () => {
    setErrors({});
    setGeneral(null);
    save.mutate(undefined, { onError });
  };
  const run = (a: 'activate' | 'pause' | 'archive') => {
    setErrors({});
    setGeneral(null);
    action.mutate(a, { onError });
  };
  const shown = new Set<string>();
  const err = (path: string) => {
    shown.add(path);
    return errorAt(errors, path);
  };
  const uses = (k: keyof PromotionParams) => PARAMS_OF[form.mechanic].includes(k);
  const num = (
    k: keyof PromotionParams,
    label: string,
    opts: { min?: number; max?: number; decimals?: number } = {},
  ) => (
    <NumberInput
      label={label}
      value={(form.params[k] as number | undefined) ?? ''}
      onChange={(v) => setParam(k, typeof v === 'number' ? v : undefined)}
      min={opts.min}
      max={opts.max}
      decimalScale={opts.decimals ?? 0}
      disabled={!editable}
      error={err(`params.${k}`)}
      data-testid={`promotion-param-${k}`}
    />
  );

  const body = (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Title order={5}>{t('loyalty.promotions.sections.rule')}</Title>
          <TextInput
            label={t('loyalty.promotions.name')}
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            required
            maxLength={200}
            disabled={!editable}
            error={err('name')}
            data-testid="promotion-name"
          />
          <Textarea
            label={t('loyalty.promotions.description')}
            value={form.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            autosize
            minRows={2}
            disabled={!editable}
            error={err('description')}
            data-testid="promotion-description"
          />
          <Radio.Group
            label={t('loyalty.promotions.mechanic')}
            value={form.mechanic}
            onChange={(v) => set('mechanic', v as Mechanic)}
            error={err('mechanic')}
            data-testid="promotion-mechanic"
          >
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt={6}>
              {MECHANICS.map((m) => (
                <Radio.Card
                  key={m}
                  value={m}
                  p="sm"
                  radius="md"
                  disabled={!editable || (!!promotion && promotion.status !== 'draft')}
                  data-testid={`promotion-mechanic-${m}`}
                  data-checked={form.mechanic === m || undefined}
                >
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text size="sm" fw={600}>
                        {t(`loyalty.mechanics.${m}`)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`loyalty.mechanicHints.${m}`)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="promotion-params" data-mechanic={form.mechanic}>
            {uses('n') && num('n', t('loyalty.promotions.params.n'), { min: 1 })}
            {uses('m') && num('m', t('loyalty.promotions.params.m'), { min: 1 })}
            {uses('multiplier') &&
              num('multiplier', t('loyalty.promotions.params.multiplier'), { min: 1, decimals: 2 })}
            {uses('percent') &&
              num('percent', t('loyalty.promotions.params.percent'), { min: 1, max: 100, decimals: 2 })}
            {uses('giftSku') && (
              <TextInput
                label={t('loyalty.promotions.params.giftSku')}
                value={form.params.giftSku ?? ''}
                onChange={(e) => setParam('giftSku', e.currentTarget.value)}
                disabled={!editable}
                error={err('params.giftSku')}
                data-testid="promotion-param-giftSku"
              />
            )}
            {uses('minTotal') && num('minTotal', t('loyalty.promotions.params.minTotal'), { min: 0, decimals: 2 })}
            {uses('points') && num('points', t('loyalty.promotions.params.points'), { min: 1 })}
            {uses('daysBefore') && num('daysBefore', t('loyalty.promotions.params.daysBefore'), { min: 0 })}
            {uses('daysAfter') && num('daysAfter', t('loyalty.promotions.params.daysAfter'), { min: 0 })}
          </SimpleGrid>
          {uses('skus') && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TagsInput
                label={t('loyalty.promotions.params.skus')}
                value={form.params.skus ?? []}
                onChange={(v) => setParam('skus', v)}
                disabled={!editable}
                error={err('params.skus')}
                data-testid="promotion-param-skus"
              />
              <TagsInput
                label={t('loyalty.promotions.params.categories')}
                value={form.params.categories ?? []}
                onChange={(v) => setParam('categories', v)}
                disabled={!editable}
                error={err('params.categories')}
                data-testid="promotion-param-categories"
              />
            </SimpleGrid>
          )}
          {uses('skus') && (
            <Text size="xs" c="dimmed">
              {t('loyalty.promotions.params.scopeHint')}
            </Text>
          )}
          {errors.params && (
            <Text size="sm" c="red" data-testid="promotion-params-error">
              {err('params')}
            </Text>
          )}
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={5}>{t('loyalty.promotions.sections.dates')}</Title>
            <DateTimeField
              label={t('loyalty.promotions.startsAt')}
              value={form.startsAt}
              onChange={(v) => set('startsAt', v)}
              clearable
              disabled={!editable}
              error={err('startsAt')}
              data-testid="promotion-starts"
            />
            <DateTimeField
              label={t('loyalty.promotions.endsAt')}
              value={form.endsAt}
              onChange={(v) => set('endsAt', v)}
              clearable
              disabled={!editable}
              error={err('endsAt')}
              data-testid="promotion-ends"
            />
          </Stack>
        </Card>
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={5}>{t('loyalty.promotions.sections.geography')}</Title>
            {(['regions', 'cities', 'stores'] as const).map((k) => (
              <TagsInput
                key={k}
                label={t(`loyalty.promotions.${k}`)}
                placeholder={form.geography[k].length ? undefined : t('loyalty.promotions.everywhere')}
                value={form.geography[k]}
                onChange={(v) => setGeo(k, v)}
                disabled={!editable}
                error={err(`geography.${k}`)}
                data-testid={`promotion-${k}`}
              />
            ))}
            <Text size="xs" c="dimmed">
              {t('loyalty.promotions.geographyHint')}
            </Text>
          </Stack>
        </Card>
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={5}>{t('loyalty.promotions.sections.audience')}</Title>
            <Select
              label={t('loyalty.promotions.segment')}
              placeholder={t('loyalty.promotions.segmentAny')}
              searchable
              clearable
              data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={form.segmentId}
              onChange={(v) => set('segmentId', v)}
              disabled={!editable}
              error={err('segmentId')}
              data-testid="promotion-segment"
            />
          </Stack>
        </Card>
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={5}>{t('loyalty.promotions.sections.limits')}</Title>
            <SimpleGrid cols={2}>
              <NumberInput
                label={t('loyalty.promotions.limitPerPerson')}
                placeholder={t('loyalty.promotions.noLimit')}
                value={form.limitPerPerson}
                onChange={(v) => set('limitPerPerson', typeof v === 'number' ? v : '')}
                min={1}
                decimalScale={0}
                disabled={!editable}
                error={err('limitPerPerson')}
                data-testid="promotion-limit-person"
              />
              <NumberInput
                label={t('loyalty.promotions.limitTotal')}
                placeholder={t('loyalty.promotions.noLimit')}
                value={form.limitTotal}
                onChange={(v) => set('limitTotal', typeof v === 'number' ? v : '')}
                min={1}
                decimalScale={0}
                disabled={!editable}
                error={err('limitTotal')}
                data-testid="promotion-limit-total"
              />
            </SimpleGrid>
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
  // Errors the form has no field for (a rule that contradicts another promotion, say) are listed here.
  const rest = Object.entries(errors).filter(([k]) => ![...shown].some((s) => k === s || k.startsWith(`${s}.`)));

  return (
    <Stack gap="md" data-testid="promotion-edit-page" data-id={promotion?.id ?? ''}>
      <Anchor component={Link} to="/promotions" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('nav.promotions')}
        </Group>
      </Anchor>
      <PageHeader
        title={
          promotion ? (
            <Group gap="sm" component="span">
              <span data-testid="promotion-title">{t('loyalty.promotions.editTitle', { name: promotion.name })}</span>
              <PromotionStatusBadge status={promotion.status} />
            </Group>
          ) : (
            t('loyalty.promotions.newTitle')
          )
        }
        description={
          promotion
            ? t('loyalty.promotions.redeemedCount', { count: promotion.redemptions })
            : t('loyalty.promotions.editorIntro')
        }
        actions={
          promotion &&
          can('loyalty:write') && (
            <>
              {(promotion.status === 'draft' || promotion.status === 'paused') && (
                <Button
                  variant="light"
                  color="teal"
                  loading={action.isPending}
                  onClick={() => run('activate')}
                  data-testid="promotion-activate"
                >
                  {t('loyalty.promotions.activate')}
                </Button>
              )}
              {promotion.status === 'active' && (
                <Button variant="default" onClick={() => run('pause')} data-testid="promotion-pause">
                  {t('loyalty.promotions.pause')}
                </Button>
              )}
              {promotion.status !== 'archived' && (
                <Button variant="subtle" color="red" onClick={() => setArchiving(true)} data-testid="promotion-archive">
                  {t('loyalty.promotions.archive')}
                </Button>
              )}
            </>
          )
        }
      />
      {!editable && promotion && (
        <Alert color="gray" variant="light">
          {t('loyalty.promotions.readOnly')}
        </Alert>
      )}
      {body}
      {general && (
        <Alert color="red" variant="light" data-testid="promotion-errors" title={t('loyalty.promotions.errors')}>
          {rest.length > 0 ? rest.map(([k, v]) => `${k}: ${v}`).join('; ') : general}
        </Alert>
      )}
      {editable && (
        <Group justify="flex-end">
          <Button loading={save.isPending} onClick={submit} disabled={!form.name.trim()} data-testid="promotion-save">
            {t('loyalty.promotions.save')}
          </Button>
        </Group>
      )}
      {promotion && (
        <ConfirmModal
          opened={archiving}
          title={t('loyalty.promotions.archiveTitle', { name: promotion.name })}
          message={t('loyalty.promotions.archiveText')}
          confirmLabel={t('loyalty.promotions.archive')}
          loading={action.isPending}
          onConfirm={() => run('archive')}
          onClose={() => setArchiving(false)}
        />
      )}
    </Stack>
  );
}
