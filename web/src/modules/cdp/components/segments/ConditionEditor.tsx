import { Autocomplete, Group, NumberInput, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, LIFECYCLE_STAGES } from '../../../../api/enums.ts';
import { useBuilder } from './builder-context.ts';
import { EventCondition } from './EventCondition.tsx';
import { FieldTest, type FieldTestValue } from './FieldTest.tsx';
import {
  COMPARATORS,
  COMPUTED_FIELDS,
  CRM_FIELDS,
  type Comparator,
  type ConditionKey,
  type FieldOp,
  type Node,
  OPS_BY_TYPE,
  type Path,
  pathKey,
  STRICT_STRING_OPS,
} from './rule-model.ts';

interface Props {
  kind: ConditionKey;
  node: Node;
  path: Path;
  onChange: (n: Node) => void;
  testId: string;
}

const testOf = (n: Node): FieldTestValue => ({
  op: (typeof n.op === 'string' ? n.op : 'eq') as FieldOp,
  ...(n.value !== undefined ? { value: n.value } : {}),
});
/** The node with its op/value replaced (a value-less op drops the value key). */
const withTest = (n: Node, ft: FieldTestValue): Node => {
  const { value: _v, op: _o, ...rest } = n;
  return ft.value === undefined ? { ...rest, op: ft.op } : { ...rest, op: ft.op, value: ft.value };
};

/** The fields of one condition, by its kind; the caller draws the frame (label, negate, remove, errors). */
export function ConditionEditor({ kind, node, path, onChange, testId }: Props) {
  const { t } = useTranslation();
  const b = useBuilder();
  const errs = (...sub: (string | number)[]) => !!b.errors[pathKey([...path, ...sub])];
  const fieldErrors = { op: errs('op'), value: errs('value') };

  switch (kind) {
    case 'event':
      return <EventCondition node={node} path={path} onChange={onChange} testId={testId} />;

    case 'trait': {
      const name = typeof node.trait === 'string' ? node.trait : '';
      const type = b.traits.find((x) => x.name === name)?.type ?? 'json';
      return (
        <Group gap="xs" wrap="wrap" align="flex-start">
          <Autocomplete
            aria-label={t('segmentation.builder.trait')}
            placeholder={t('segmentation.builder.traitHint')}
            data={b.traits.map((x) => x.name)}
            value={name}
            onChange={(v) => onChange({ ...node, trait: v })}
            error={errs('trait')}
            w={200}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-trait`}
          />
          <FieldTest
            test={testOf(node)}
            type={type}
            ops={OPS_BY_TYPE[type]}
            onChange={(ft) => onChange(withTest(node, ft))}
            errors={fieldErrors}
            testId={testId}
          />
        </Group>
      );
    }

    case 'computed': {
      const name = typeof node.computed === 'string' ? node.computed : 'orderCount';
      const type = COMPUTED_FIELDS[name] ?? 'number';
      return (
        <Group gap="xs" wrap="wrap" align="flex-start">
          <Select
            aria-label={t('segmentation.builder.computed')}
            data={Object.keys(COMPUTED_FIELDS).map((k) => ({
              value: k,
              label: t(`segmentation.computed.${k as keyof typeof COMPUTED_FIELDS & 'eventCount'}`),
            }))}
            value={name}
            onChange={(v) => {
              if (!v) return;
              const nt = COMPUTED_FIELDS[v]!;
              onChange(
                nt === type
                  ? { ...node, computed: v }
                  : { computed: v, ...(nt === 'date' ? { op: 'withinLast', value: '30d' } : { op: 'gte', value: 1 }) },
              );
            }}
            allowDeselect={false}
            error={errs('computed')}
            w={220}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-computed`}
          />
          <FieldTest
            test={testOf(node)}
            type={type}
            ops={OPS_BY_TYPE[type]}
            onChange={(ft) => onChange(withTest(node, ft))}
            errors={fieldErrors}
            testId={testId}
          />
        </Group>
      );
    }

    case 'crm': {
      const field = typeof node.crm === 'string' ? node.crm : 'city';
      const custom = field.startsWith('custom.');
      const type = custom ? 'json' : (CRM_FIELDS[field] ?? 'string');
      const ops = custom ? OPS_BY_TYPE.json : type === 'string' ? STRICT_STRING_OPS : OPS_BY_TYPE[type];
      const options =
        field === 'lifecycleStage'
          ? LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`segmentation.lifecycle.${s}`) }))
          : field === 'ownerId'
            ? b.users
            : undefined;
      return (
        <Group gap="xs" wrap="wrap" align="flex-start">
          <Select
            aria-label={t('segmentation.builder.crmField')}
            data={[
              ...Object.keys(CRM_FIELDS).map((k) => ({
                value: k,
                label: t(`segmentation.crmFields.${k as 'city'}`),
              })),
              { value: 'custom.', label: t('segmentation.crmFields.custom') },
            ]}
            value={custom ? 'custom.' : field}
            onChange={(v) => {
              if (!v || v === field) return;
              const nt = v === 'custom.' ? 'json' : CRM_FIELDS[v]!;
              const op = nt === 'date' ? 'withinLast' : nt === 'strings' ? 'contains' : 'eq';
              const value = nt === 'date' ? '30d' : v === 'lifecycleStage' ? 'customer' : '';
              onChange({ crm: v, op, value });
            }}
            allowDeselect={false}
            error={errs('crm')}
            w={200}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-crm`}
          />
          {custom && (
            <TextInput
              aria-label={t('segmentation.builder.customKey')}
              placeholder={t('segmentation.builder.customKey')}
              value={field.slice(7)}
              onChange={(e) => onChange({ ...node, crm: `custom.${e.currentTarget.value}` })}
              error={errs('crm')}
              w={150}
              data-testid={`${testId}-custom`}
            />
          )}
          <FieldTest
            test={testOf(node)}
            type={type}
            ops={ops}
            options={options}
            onChange={(ft) => onChange(withTest(node, ft))}
            errors={fieldErrors}
            testId={testId}
          />
        </Group>
      );
    }

    case 'segment':
      return (
        <Select
          aria-label={t('segmentation.builder.segment')}
          placeholder={t('segmentation.builder.segmentHint')}
          data={b.segments}
          value={typeof node.segment === 'string' && node.segment ? node.segment : null}
          onChange={(v) => onChange({ segment: v ?? '' })}
          searchable
          error={errs('segment')}
          w={280}
          comboboxProps={{ withinPortal: true }}
          nothingFoundMessage={t('common.nothingFound')}
          data-testid={`${testId}-segment`}
        />
      );

    case 'consent':
      return (
        <Group gap="xs" wrap="wrap" align="flex-start">
          <Select
            aria-label={t('segmentation.builder.consentGranted')}
            data={[
              { value: 'true', label: t('segmentation.builder.consentHas') },
              { value: 'false', label: t('segmentation.builder.consentHasNot') },
            ]}
            value={String(node.granted !== false)}
            onChange={(v) => onChange({ ...node, granted: v === 'true' })}
            allowDeselect={false}
            w={200}
            data-testid={`${testId}-granted`}
          />
          <Select
            aria-label={t('segmentation.builder.channel')}
            data={CONSENT_CHANNELS.map((c) => ({ value: c, label: t(`segmentation.channels.${c}`) }))}
            value={typeof node.consent === 'string' ? node.consent : 'email'}
            onChange={(v) => v && onChange({ ...node, consent: v })}
            allowDeselect={false}
            error={errs('consent')}
            w={160}
            data-testid={`${testId}-channel`}
          />
          <Select
            aria-label={t('segmentation.builder.purpose')}
            data={CONSENT_PURPOSES.map((c) => ({ value: c, label: t(`segmentation.purposes.${c}`) }))}
            value={typeof node.purpose === 'string' ? node.purpose : 'marketing'}
            onChange={(v) => v && onChange({ ...node, purpose: v })}
            allowDeselect={false}
            error={errs('purpose')}
            w={160}
            data-testid={`${testId}-purpose`}
          />
        </Group>
      );

    case 'bucket': {
      const spec = (node.bucket ?? {}) as Record<string, unknown>;
      const cmp = COMPARATORS.find((c) => typeof spec[c] === 'number') ?? 'lt';
      const n = typeof spec[cmp] === 'number' ? (spec[cmp] as number) : 10;
      const set = (c: Comparator, v: number) => onChange({ ...node, bucket: { [c]: v } });
      return (
        <Group gap="xs" wrap="wrap" align="flex-start">
          <Select
            aria-label={t('segmentation.builder.comparator')}
            data={COMPARATORS.map((c) => ({ value: c, label: t(`segmentation.comparators.${c}`) }))}
            value={cmp}
            onChange={(v) => v && set(v as Comparator, n)}
            allowDeselect={false}
            w={150}
            data-testid={`${testId}-cmp`}
          />
          <NumberInput
            aria-label={t('segmentation.builder.value')}
            value={n}
            min={0}
            max={100}
            allowDecimal={false}
            onChange={(v) => set(cmp, Number(v) || 0)}
            error={errs('bucket')}
            w={90}
            data-testid={`${testId}-bound`}
          />
          <TextInput
            aria-label={t('segmentation.builder.salt')}
            placeholder={t('segmentation.builder.salt')}
            value={typeof node.salt === 'string' ? node.salt : ''}
            onChange={(e) => {
              const { salt: _s, ...rest } = node;
              onChange(e.currentTarget.value ? { ...rest, salt: e.currentTarget.value } : rest);
            }}
            error={errs('salt')}
            w={160}
            data-testid={`${testId}-salt`}
          />
        </Group>
      );
    }

    case 'deal': {
      const d = (node.deal ?? {}) as Record<string, string | undefined>;
      const set = (k: string, v: string | null) => {
        const next = { ...d };
        if (v) next[k] = v;
        else delete next[k];
        if (k === 'pipelineId') delete next.stageId;
        onChange({ deal: next });
      };
      const stages = (d.pipelineId ? b.pipelines.filter((p) => p.id === d.pipelineId) : b.pipelines).flatMap((p) =>
        p.stages.map((s) => ({ value: s.value, label: d.pipelineId ? s.label : `${p.name} · ${s.label}` })),
      );
      return (
        <Group gap="xs" wrap="wrap" align="flex-start">
          <Select
            aria-label={t('segmentation.builder.dealStatus')}
            placeholder={t('segmentation.builder.anyStatus')}
            data={(['open', 'won', 'lost'] as const).map((s) => ({
              value: s,
              label: t(`segmentation.dealStatus.${s}`),
            }))}
            value={d.status ?? null}
            onChange={(v) => set('status', v)}
            clearable
            error={errs('deal', 'status')}
            w={160}
            data-testid={`${testId}-status`}
          />
          <Select
            aria-label={t('segmentation.builder.pipeline')}
            placeholder={t('segmentation.builder.anyPipeline')}
            data={b.pipelines.map((p) => ({ value: p.id, label: p.name }))}
            value={d.pipelineId ?? null}
            onChange={(v) => set('pipelineId', v)}
            clearable
            error={errs('deal', 'pipelineId')}
            w={180}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-pipeline`}
          />
          <Select
            aria-label={t('segmentation.builder.stage')}
            placeholder={t('segmentation.builder.anyStage')}
            data={stages}
            value={d.stageId ?? null}
            onChange={(v) => set('stageId', v)}
            clearable
            searchable
            error={errs('deal', 'stageId')}
            w={220}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-stage`}
          />
          <Select
            aria-label={t('segmentation.builder.owner')}
            placeholder={t('segmentation.builder.anyOwner')}
            data={b.users}
            value={d.ownerId ?? null}
            onChange={(v) => set('ownerId', v)}
            clearable
            searchable
            error={errs('deal', 'ownerId')}
            w={200}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-owner`}
          />
        </Group>
      );
    }
  }
}
