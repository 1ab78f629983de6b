import { Group, Stack, Text } from '@mantine/core';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../../format.ts';
import type { Step, StepStats } from '../api.ts';
import { NODE_W } from '../graph.ts';
import { StepIcon } from './step-icons.tsx';

export interface OutHandle {
  handle: string;
  label: string;
  linked: boolean;
  /** The branch's live figures (people who took it, their goal conversion), on branch and split steps. */
  stat?: { entered: number; conversionRate: number | null };
}

export type StepNodeData = {
  step: Step;
  summary: string;
  stats: StepStats | null;
  errors: string[];
  outs: OutHandle[];
  readOnly: boolean;
};
export type EntryNodeData = { summary: string; errors: string[]; linked: boolean; entered: number | null };

export type StepFlowNode = Node<StepNodeData, 'step'>;
export type EntryFlowNode = Node<EntryNodeData, 'entry'>;

const TYPE_COLORS: Record<string, string> = {
  wait: 'yellow',
  branch: 'violet',
  split: 'grape',
  send: 'blue',
  update_trait: 'cyan',
  give_points: 'teal',
  create_task: 'orange',
  webhook: 'indigo',
  exit: 'gray',
};

const box = (selected: boolean, error: boolean, color: string) => ({
  width: NODE_W,
  background: 'var(--mantine-color-body)',
  border: `1px solid ${error ? 'var(--mantine-color-red-6)' : selected ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-default-border)'}`,
  borderTop: `4px solid var(--mantine-color-${color}-5)`,
  borderRadius: 8,
  boxShadow: selected ? '0 0 0 2px var(--mantine-color-blue-2)' : '0 1px 3px rgba(0,0,0,0.08)',
  padding: '8px 10px 6px',
});

/** One count of the live strip: the number and what it counts. */
function Count({ value, label, testId }: { value: number; label: string; testId: string }) {
  const f = useFormat();
  return (
    <Stack gap={0} align="center" style={{ minWidth: 0, flex: 1 }} data-testid={testId} data-value={value}>
      <Text size="sm" fw={700} lh={1.2}>
        {f.number(value, 0)}
      </Text>
      <Text size="10px" c="dimmed" lh={1.2} ta="center">
        {label}
      </Text>
    </Stack>
  );
}

/** Under a branch's output: how many took it and their goal conversion. */
function BranchStat({ stat, handle }: { stat: NonNullable<OutHandle['stat']>; handle: string }) {
  const f = useFormat();
  const rate = stat.conversionRate === null ? '—' : f.percent(stat.conversionRate);
  return (
    <Text
      size="10px"
      fw={600}
      ta="center"
      data-testid="node-branch-stat"
      data-handle={handle}
      data-entered={stat.entered}
      data-rate={stat.conversionRate ?? ''}
    >
      {f.number(stat.entered, 0)} · {rate}
    </Text>
  );
}

/** A step on the canvas: its kind, id, what it does, the live counts and its links out. */
export const StepNode = memo(function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const { t } = useTranslation();
  const { step, stats, errors, outs } = data;
  const color = TYPE_COLORS[step.type] ?? 'gray';
  return (
    <div
      style={box(!!selected, errors.length > 0, color)}
      data-testid="journey-node"
      data-step={step.id}
      data-type={step.type}
      data-invalid={errors.length > 0 ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Top} id="in" data-testid={`handle-${step.id}-in`} />
      <Group gap={6} wrap="nowrap">
        <Text c={`${color}.7`} lh={1} style={{ display: 'flex' }}>
          <StepIcon type={step.type} size={16} />
        </Text>
        <Text
          size="sm"
          fw={600}
          truncate="end"
          title={step.label || t(`journeys.types.${step.type}`)}
          style={{ flex: 1 }}
        >
          {step.label || t(`journeys.types.${step.type}`)}
        </Text>
        <Text size="xs" c="dimmed" className="kt-mono" truncate="end" maw={90} title={step.id}>
          {step.id}
        </Text>
      </Group>
      {data.summary && (
        <Text size="xs" c="dimmed" truncate="end" title={data.summary} mt={2} data-user-content>
          {data.summary}
        </Text>
      )}
      {stats && (
        <Group gap={2} wrap="nowrap" mt={6} data-testid="journey-node-stats">
          <Count value={stats.entered} label={t('journeys.node.entered')} testId="node-entered" />
          <Count value={stats.waiting} label={t('journeys.node.waiting')} testId="node-waiting" />
          <Count value={stats.completed} label={t('journeys.node.movedOn')} testId="node-completed" />
          <Count value={stats.exited} label={t('journeys.node.exited')} testId="node-exited" />
        </Group>
      )}
      {errors.length > 0 && (
        <Text size="xs" c="red" mt={4} lineClamp={2} title={errors.join(' · ')} data-testid="journey-node-error">
          {errors.join(' · ')}
        </Text>
      )}
      {outs.length > 0 && (
        <Group gap={0} wrap="nowrap" mt={6} justify="space-around">
          {outs.map((o) => (
            <Stack key={o.handle} gap={0} align="center" style={{ flex: 1, minWidth: 0 }}>
              <Text
                size="10px"
                c={o.linked ? 'dimmed' : 'orange.7'}
                ta="center"
                truncate="end"
                title={o.label}
                maw="100%"
              >
                {o.label}
              </Text>
              {o.stat && <BranchStat stat={o.stat} handle={o.handle} />}
            </Stack>
          ))}
        </Group>
      )}
      {outs.map((o, i) => (
        <Handle
          key={o.handle}
          type="source"
          position={Position.Bottom}
          id={o.handle}
          style={{ left: `${((i + 0.5) / outs.length) * 100}%` }}
          data-testid={`handle-${step.id}-${o.handle}`}
          isConnectable={!data.readOnly}
        />
      ))}
    </div>
  );
});

/** The entry on the canvas: how people come in, and the link to the first step. */
export const EntryNode = memo(function EntryNode({ data, selected }: NodeProps<EntryFlowNode>) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div style={box(!!selected, data.errors.length > 0, 'green')} data-testid="journey-entry-node">
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Text size="sm" fw={600}>
          {t('journeys.node.entry')}
        </Text>
        {data.entered !== null && (
          <Text size="xs" c="dimmed" data-testid="entry-entered" data-value={data.entered}>
            {t('journeys.live.entered')}: {f.number(data.entered, 0)}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" truncate="end" title={data.summary} mt={2} data-user-content>
        {data.summary}
      </Text>
      {data.errors.length > 0 && (
        <Text size="xs" c="red" mt={4} lineClamp={2} title={data.errors.join(' · ')} data-testid="journey-node-error">
          {data.errors.join(' · ')}
        </Text>
      )}
      <Handle type="source" position={Position.Bottom} id="next" data-testid="handle-entry-next" />
    </div>
  );
});
