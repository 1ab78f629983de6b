import { ActionIcon, Autocomplete, Button, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../../../components/icons.tsx';
import { useBuilder } from './builder-context.ts';
import { DurationInput, FieldTest } from './FieldTest.tsx';
import {
  COMPARATORS,
  type Comparator,
  type FieldOp,
  type Node,
  OPS_BY_TYPE,
  type Path,
  pathKey,
} from './rule-model.ts';

type Measure = 'count' | 'sum' | 'avg';
type Window = 'all' | 'within' | 'since' | 'before' | 'between';
interface Where {
  property: string;
  op: FieldOp;
  value?: unknown;
}

const measureOf = (n: Node): Measure => (n.sum ? 'sum' : n.avg ? 'avg' : 'count');
const windowOf = (n: Node): Window =>
  n.within ? 'within' : n.since && n.before ? 'between' : n.since ? 'since' : n.before ? 'before' : 'all';
const today = () => new Date().toISOString().slice(0, 10);

/** The one comparison of a count/sum/avg spec that the builder edits (the JSON view can hold more). */
function boundOf(spec: Record<string, unknown> | undefined): [Comparator, number] {
  for (const c of COMPARATORS) if (typeof spec?.[c] === 'number') return [c, spec[c] as number];
  return ['gte', 1];
}

/** `{"event":…,"where":[…],"count"|"sum"|"avg":{…},"within"|"since"|"before":…}`. */
export function EventCondition({
  node,
  path,
  onChange,
  testId,
}: {
  node: Node;
  path: Path;
  onChange: (n: Node) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const b = useBuilder();
  const errs = (...sub: (string | number)[]) => !!b.errors[pathKey([...path, ...sub])];
  const event = typeof node.event === 'string' ? node.event : '';
  const props = b.events.find((e) => e.name === event)?.properties ?? [];
  const measure = measureOf(node);
  const spec = (node[measure] ?? undefined) as Record<string, unknown> | undefined;
  const [cmp, bound] = boundOf(spec);
  const win = windowOf(node);
  const where = (Array.isArray(node.where) ? node.where : []) as Where[];

  const set = (patch: Node, drop: string[] = []) => {
    const next: Node = { ...node, ...patch };
    for (const k of drop) delete next[k];
    onChange(next);
  };
  const setMeasure = (m: Measure) => {
    const property = typeof spec?.property === 'string' ? spec.property : '';
    const next = m === 'count' ? { [cmp]: bound } : { property, [cmp]: bound };
    set(
      { [m]: next },
      (['count', 'sum', 'avg'] as const).filter((x) => x !== m),
    );
  };
  const setBound = (c: Comparator, v: number) =>
    set({ [measure]: { ...(spec?.property !== undefined ? { property: spec.property } : {}), [c]: v } });
  const setWindow = (w: Window) => {
    const drop = ['within', 'since', 'before'];
    if (w === 'all') return set({}, drop);
    if (w === 'within') return set({ within: '30d' }, drop);
    if (w === 'since') return set({ since: today() }, drop);
    if (w === 'before') return set({ before: today() }, drop);
    return set({ since: today(), before: today() }, ['within']);
  };
  const setWhere = (list: Where[]) => (list.length ? set({ where: list }) : set({}, ['where']));

  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap" align="flex-start">
        <Autocomplete
          aria-label={t('segmentation.builder.event')}
          placeholder={t('segmentation.builder.eventHint')}
          data={[...new Set(b.events.map((e) => e.name))]}
          value={event}
          onChange={(v) => set({ event: v })}
          error={errs('event')}
          w={230}
          comboboxProps={{ withinPortal: true }}
          data-testid={`${testId}-event`}
        />
        <Select
          aria-label={t('segmentation.builder.measure')}
          data={(['count', 'sum', 'avg'] as const).map((m) => ({ value: m, label: t(`segmentation.measures.${m}`) }))}
          value={measure}
          onChange={(v) => v && setMeasure(v as Measure)}
          allowDeselect={false}
          w={150}
          data-testid={`${testId}-measure`}
        />
        {measure !== 'count' && (
          <Autocomplete
            aria-label={t('segmentation.builder.property')}
            placeholder={t('segmentation.builder.property')}
            data={props.map((p) => p.name)}
            value={typeof spec?.property === 'string' ? spec.property : ''}
            onChange={(v) => set({ [measure]: { ...spec, property: v } })}
            error={errs(measure, 'property')}
            w={170}
            comboboxProps={{ withinPortal: true }}
            data-testid={`${testId}-agg-property`}
          />
        )}
        <Select
          aria-label={t('segmentation.builder.comparator')}
          data={COMPARATORS.map((c) => ({ value: c, label: t(`segmentation.comparators.${c}`) }))}
          value={cmp}
          onChange={(v) => v && setBound(v as Comparator, bound)}
          allowDeselect={false}
          w={150}
          data-testid={`${testId}-cmp`}
        />
        <NumberInput
          aria-label={t('segmentation.builder.value')}
          value={bound}
          onChange={(v) => setBound(cmp, typeof v === 'number' ? v : Number(v) || 0)}
          error={errs(measure)}
          w={100}
          data-testid={`${testId}-bound`}
        />
      </Group>
      <Group gap="xs" wrap="wrap" align="flex-start">
        <Select
          aria-label={t('segmentation.builder.window')}
          data={(['all', 'within', 'since', 'before', 'between'] as const).map((w) => ({
            value: w,
            label: t(`segmentation.windows.${w}`),
          }))}
          value={win}
          onChange={(v) => v && setWindow(v as Window)}
          allowDeselect={false}
          w={190}
          data-testid={`${testId}-window`}
        />
        {win === 'within' && (
          <DurationInput
            value={node.within}
            onChange={(v) => set({ within: v })}
            error={errs('within')}
            testId={`${testId}-within`}
          />
        )}
        {(win === 'since' || win === 'between') && (
          <TextInput
            aria-label={t('segmentation.windows.since')}
            placeholder={t('common.datePlaceholder')}
            value={typeof node.since === 'string' ? node.since : ''}
            onChange={(e) => set({ since: e.currentTarget.value })}
            error={errs('since')}
            w={150}
            data-testid={`${testId}-since`}
          />
        )}
        {(win === 'before' || win === 'between') && (
          <TextInput
            aria-label={t('segmentation.windows.before')}
            placeholder={t('common.datePlaceholder')}
            value={typeof node.before === 'string' ? node.before : ''}
            onChange={(e) => set({ before: e.currentTarget.value })}
            error={errs('before')}
            w={150}
            data-testid={`${testId}-before`}
          />
        )}
      </Group>
      {where.map((w, i) => {
        const type = props.find((p) => p.name === w.property)?.type ?? 'json';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: where-conditions have no identity but their place
          <Group key={i} gap="xs" wrap="wrap" align="flex-start" pl="md" data-testid={`${testId}-where-${i}`}>
            <Text size="sm" c="dimmed" mt={6}>
              {t('segmentation.builder.where')}
            </Text>
            <Autocomplete
              aria-label={t('segmentation.builder.property')}
              placeholder={t('segmentation.builder.property')}
              data={props.map((p) => p.name)}
              value={w.property}
              onChange={(v) => setWhere(where.map((x, j) => (j === i ? { ...x, property: v } : x)))}
              error={errs('where', i, 'property')}
              w={170}
              comboboxProps={{ withinPortal: true }}
              data-testid={`${testId}-where-${i}-property`}
            />
            <FieldTest
              test={w}
              type={type}
              ops={OPS_BY_TYPE[type]}
              onChange={(ft) => setWhere(where.map((x, j) => (j === i ? { property: x.property, ...ft } : x)))}
              errors={{ op: errs('where', i, 'op'), value: errs('where', i, 'value') }}
              testId={`${testId}-where-${i}`}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={4}
              aria-label={t('segmentation.builder.removeWhere')}
              onClick={() => setWhere(where.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        );
      })}
      <Button
        variant="subtle"
        size="compact-sm"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        onClick={() => setWhere([...where, { property: '', op: 'eq', value: '' }])}
        data-testid={`${testId}-add-where`}
      >
        {t('segmentation.builder.addWhere')}
      </Button>
    </Stack>
  );
}
