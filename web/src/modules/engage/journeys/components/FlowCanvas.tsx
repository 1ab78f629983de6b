import '@xyflow/react/dist/style.css';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepStats, StepType } from '../api.ts';
import { type Draft, entryPosition, layout, NODE_W, outsOf } from '../graph.ts';
import { DRAG_TYPE } from './Palette.tsx';
import { EntryNode, type EntryFlowNode, StepNode, type StepFlowNode } from './StepNode.tsx';

export const ENTRY = '__entry';
const nodeTypes = { step: StepNode, entry: EntryNode };

export type Selection = { kind: 'step'; id: string } | { kind: 'entry' } | { kind: 'edge'; id: string } | null;

/**
 * The canvas: the entry and the steps as nodes, their links as edges; nodes are dragged (their
 * place kept in `ui`), linked by dragging from an output to a step, and steps dropped from the
 * palette. Everything drawn is derived from the draft; changes go back through the callbacks.
 */
export function FlowCanvas({
  draft,
  selection,
  onSelect,
  onMove,
  onLink,
  onUnlink,
  onRemoveStep,
  onDropStep,
  stats,
  branchStats,
  errorsOf,
  summaryOf,
  entrySummary,
  entryErrors,
  entered,
  readOnly,
}: {
  draft: Draft;
  selection: Selection;
  onSelect: (s: Selection) => void;
  onMove: (id: string, at: { x: number; y: number }) => void;
  onLink: (source: string, handle: string, target: string) => void;
  onUnlink: (source: string, handle: string) => void;
  onRemoveStep: (id: string) => void;
  onDropStep: (type: StepType, at: { x: number; y: number }) => void;
  stats: Map<string, StepStats> | null;
  /** Per branch output (`<stepId>:<yes|no|split key>`): people who took it and their conversion. */
  branchStats: Map<string, { entered: number; conversionRate: number | null }> | null;
  errorsOf: (stepId: string) => string[];
  summaryOf: (stepId: string) => string;
  entrySummary: string;
  entryErrors: string[];
  entered: number | null;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const places = useMemo(() => layout(draft), [draft]);
  // The sizes React Flow measured: handed back with the nodes, or it would keep them hidden, unmeasured.
  const [sizes, setSizes] = useState<Record<string, { width: number; height: number }>>({});
  const outLabel = useCallback(
    (handle: string, split?: string) =>
      handle === 'yes'
        ? t('journeys.node.yes')
        : handle === 'no'
          ? t('journeys.node.no')
          : handle === 'timeout'
            ? t('journeys.node.timeout')
            : handle.startsWith('split:')
              ? (split ?? handle.slice(6))
              : t('journeys.node.next'),
    [t],
  );

  const nodes = useMemo(() => {
    const entry: EntryFlowNode = {
      id: ENTRY,
      type: 'entry',
      position: entryPosition(draft, places),
      data: { summary: entrySummary, errors: entryErrors, linked: !!draft.first, entered },
      measured: sizes[ENTRY],
      draggable: !readOnly,
      deletable: false,
      selected: selection?.kind === 'entry',
      ariaLabel: t('journeys.node.entry'),
    };
    const steps = draft.def.steps.map(
      (s): StepFlowNode => ({
        id: s.id,
        type: 'step',
        position: places.get(s.id) ?? { x: 0, y: 0 },
        measured: sizes[s.id],
        data: {
          step: s,
          summary: summaryOf(s.id),
          stats:
            stats?.get(s.id) ??
            (stats
              ? { stepId: s.id, type: s.type, entered: 0, waiting: 0, completed: 0, exited: 0, converted: 0 }
              : null),
          errors: errorsOf(s.id),
          outs: outsOf(s).map((o, i) => {
            const outcome = s.type === 'split' ? s.branches?.[i]?.key : s.type === 'branch' ? o.handle : undefined;
            const stat = outcome !== undefined ? branchStats?.get(`${s.id}:${outcome}`) : undefined;
            return {
              handle: o.handle,
              label: outLabel(o.handle, s.branches?.[i]?.key),
              linked: !!o.to,
              ...(stat ? { stat } : {}),
            };
          }),
          readOnly,
        },
        selected: selection?.kind === 'step' && selection.id === s.id,
        draggable: !readOnly,
        deletable: !readOnly,
        ariaLabel: s.label || t(`journeys.types.${s.type}`),
      }),
    );
    return [entry, ...steps];
  }, [
    draft,
    places,
    sizes,
    selection,
    stats,
    branchStats,
    errorsOf,
    summaryOf,
    entrySummary,
    entryErrors,
    entered,
    readOnly,
    outLabel,
    t,
  ]);

  const edges = useMemo(() => {
    const ids = new Set(draft.def.steps.map((s) => s.id));
    const label = (id: string) => draft.def.steps.find((s) => s.id === id)?.label || id;
    const out: Edge[] = [];
    const edge = (source: string, handle: string, target: string, dashed = false): Edge => ({
      id: `${source}:${handle}`,
      source,
      sourceHandle: handle,
      target,
      targetHandle: 'in',
      selected: selection?.kind === 'edge' && selection.id === `${source}:${handle}`,
      deletable: !readOnly,
      markerEnd: { type: MarkerType.ArrowClosed },
      style: dashed ? { strokeDasharray: '5 4' } : undefined,
      ariaLabel: t('journeys.flow.edge', {
        from: source === ENTRY ? t('journeys.node.entry') : label(source),
        to: label(target),
      }),
    });
    if (draft.first && ids.has(draft.first)) out.push(edge(ENTRY, 'next', draft.first));
    for (const s of draft.def.steps)
      for (const o of outsOf(s))
        if (o.to && ids.has(o.to)) out.push(edge(s.id, o.handle, o.to, o.handle === 'timeout'));
    return out;
  }, [draft, selection, readOnly, t]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      const measured = changes.flatMap((c) =>
        c.type === 'dimensions' && c.dimensions ? [[c.id, c.dimensions] as const] : [],
      );
      if (measured.length)
        setSizes((prev) =>
          measured.every(([id, d]) => prev[id]?.width === d.width && prev[id]?.height === d.height)
            ? prev
            : { ...prev, ...Object.fromEntries(measured) },
        );
      for (const c of changes) {
        if (c.type === 'position' && c.position) onMove(c.id, c.position);
        else if (c.type === 'select' && c.selected)
          onSelect(c.id === ENTRY ? { kind: 'entry' } : { kind: 'step', id: c.id });
        else if (c.type === 'remove' && c.id !== ENTRY && !readOnly) onRemoveStep(c.id);
      }
    },
    [onMove, onSelect, onRemoveStep, readOnly],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const c of changes) {
        if (c.type === 'select' && c.selected) onSelect({ kind: 'edge', id: c.id });
        else if (c.type === 'remove' && !readOnly) {
          const i = c.id.indexOf(':');
          onUnlink(c.id.slice(0, i), c.id.slice(i + 1));
        }
      }
    },
    [onSelect, onUnlink, readOnly],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      if (!readOnly && c.source && c.target && c.target !== ENTRY) onLink(c.source, c.sourceHandle ?? 'next', c.target);
    },
    [onLink, readOnly],
  );
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_TYPE) as StepType;
      if (!type || readOnly) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      onDropStep(type, { x: p.x - NODE_W / 2, y: p.y - 30 });
    },
    [flow, onDropStep, readOnly],
  );

  // Fit the journey into view once it is shown (on opening it, and when another version is shown);
  // a new journey's canvas stays put while its first steps are dropped on it.
  const fitKey = String(readOnly);
  const fitted = useRef(fitKey); // the first fit is the `fitView` prop's, once the nodes are measured
  const hasSteps = draft.def.steps.length > 0;
  const [fitOnOpen] = useState(hasSteps);
  useEffect(() => {
    if (fitted.current === fitKey) return;
    fitted.current = fitKey;
    if (!hasSteps) return;
    const timer = setTimeout(() => void flow.fitView({ padding: 0.2, maxZoom: 1 }), 50);
    return () => clearTimeout(timer);
  }, [fitKey, flow, hasSteps]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      isValidConnection={(c) => c.target !== ENTRY && c.source !== c.target}
      onPaneClick={() => onSelect(null)}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      }}
      onDrop={onDrop}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
      minZoom={0.2}
      maxZoom={1.5}
      fitView={fitOnOpen}
      fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
      proOptions={{ hideAttribution: true }}
      ariaLabelConfig={{
        'controls.ariaLabel': t('journeys.flow.controls'),
        'controls.zoomIn.ariaLabel': t('journeys.flow.zoomIn'),
        'controls.zoomOut.ariaLabel': t('journeys.flow.zoomOut'),
        'controls.fitView.ariaLabel': t('journeys.flow.fitView'),
        'controls.interactive.ariaLabel': t('journeys.flow.interactive'),
        'minimap.ariaLabel': t('journeys.flow.minimap'),
        'handle.ariaLabel': t('journeys.flow.handle'),
        'node.a11yDescription.default': t('journeys.flow.nodeDesc'),
        'node.a11yDescription.keyboardDisabled': t('journeys.flow.nodeDescKeyboard'),
        'node.a11yDescription.ariaLiveMessage': ({ x, y }) => t('journeys.flow.moved', { x, y }),
        'edge.a11yDescription.default': t('journeys.flow.edgeDesc'),
      }}
      aria-label={t('journeys.editor.canvas')}
      data-testid="journey-canvas"
    >
      <Background gap={16} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
