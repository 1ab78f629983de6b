import { Alert, Anchor, Badge, Box, Button, Card, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, del, patch, post } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { IconArrowLeft } from '../../../../components/icons.tsx';
import { ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { notifyError, notifySuccess } from '../../../../notify.ts';
import { useSession } from '../../../../session.tsx';
import { useAudiences, useTemplates } from '../../api.ts';
import {
  JOURNEYS_KEY,
  type Journey,
  type JourneyDefinition,
  type Step,
  type StepType,
  useJourney,
  useJourneyStats,
  useJourneyVersions,
  type Validation,
  type ValidationError,
} from '../api.ts';
import { ENTRY, FlowCanvas, type Selection } from '../components/FlowCanvas.tsx';
import { EntryPanel, SettingsPanel } from '../components/JourneyPanels.tsx';
import { JourneyStatusBadge } from '../components/JourneyStatusBadge.tsx';
import { LiveStrip } from '../components/LiveStrip.tsx';
import { Palette } from '../components/Palette.tsx';
import { PublishModal } from '../components/PublishModal.tsx';
import { StepPanel } from '../components/StepPanel.tsx';
import { summarize, summarizeEntry } from '../components/summary.ts';
import { VersionsDrawer } from '../components/VersionsDrawer.tsx';
import { type Draft, fromDefinition, layout, newStep, outsOf, setOut, stepOfPath, toDefinition } from '../graph.ts';

const EMPTY: JourneyDefinition = { entry: { event: '' }, steps: [] };

/** JSON with keys sorted (PostgreSQL's jsonb keeps its own order), for "has it changed" checks. */
function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}
const withoutUi = ({ layout: _layout, ...d }: JourneyDefinition): JourneyDefinition => ({
  ...d,
  steps: d.steps.map(({ ui: _ui, ...s }) => s as Step),
});

/** Problems the server named, sorted to where they show: a step's field, the entry, the settings. */
interface Problems {
  steps: Map<string, Record<string, string>>;
  entry: Record<string, string>;
  other: Record<string, string>;
  list: ValidationError[];
}
function sortProblems(errors: ValidationError[], sent: JourneyDefinition | null): Problems {
  const out: Problems = { steps: new Map(), entry: {}, other: {}, list: errors };
  for (const e of errors) {
    const path = e.path.replace(/^definition\.?/, '');
    const m = /^steps\.(\d+)(?:\.(.*))?$/.exec(path);
    const stepId = e.stepId ?? (m && sent ? stepOfPath(sent, path) : null);
    if (stepId) {
      const field = m?.[2] ?? '';
      const mine = out.steps.get(stepId) ?? {};
      mine[field] = mine[field] ? `${mine[field]} · ${e.message}` : e.message;
      out.steps.set(stepId, mine);
    } else if (path === 'entry' || path.startsWith('entry.')) out.entry[path] = e.message;
    else out.other[path] = e.message;
  }
  return out;
}
const problemsOfApi = (e: unknown): ValidationError[] =>
  e instanceof ApiError ? e.details.map((d) => ({ path: d.path, stepId: null, message: d.message })) : [];

/**
 * /journeys/new and /journeys/:id: the flow editor. The canvas (React Flow) is drawn from the
 * draft definition; the palette adds steps; the side panel configures the selection (a step, the
 * entry, or the journey's settings when nothing is selected). Save keeps the draft, Check asks the
 * server (POST /journeys/validate) and marks the nodes it names, Publish makes a version; counts
 * per step come from GET /journeys/{id}/stats every 5 s.
 */
export function JourneyEditorPage() {
  const { id } = useParams();
  const q = useJourney(id);
  if (id && q.isPending) return <PageLoader />;
  if (id && q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <ReactFlowProvider>
      <Editor key={id ?? 'new'} journey={q.data ?? null} />
    </ReactFlowProvider>
  );
}

function Editor({ journey }: { journey: Journey | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const qc = useQueryClient();
  const templates = useTemplates();
  const audiences = useAudiences();
  const [name, setName] = useState(journey?.name ?? t('journeys.untitled'));
  const [description, setDescription] = useState(journey?.description ?? '');
  const [draft, setDraft] = useState<Draft>(() => fromDefinition(journey?.definition ?? EMPTY));
  const [saved, setSaved] = useState(() =>
    canon({
      name: journey?.name ?? '',
      description: journey?.description ?? '',
      def: journey ? toDefinition(fromDefinition(journey.definition)) : null,
    }),
  );
  const [selection, setSelection] = useState<Selection>(null);
  const [problems, setProblems] = useState<Problems>(() => sortProblems([], null));
  const [viewVersion, setViewVersion] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<'archive' | 'delete' | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const status = journey?.status ?? 'draft';
  const canWrite = can('engage:write');
  const versions = useJourneyVersions(journey?.id, journey?.version != null);
  const viewed = viewVersion !== null ? versions.data?.find((v) => v.version === viewVersion) : undefined;
  const readOnly = !canWrite || status === 'archived' || !!viewed;
  const shown: Draft = useMemo(() => (viewed ? fromDefinition(viewed.definition) : draft), [viewed, draft]);
  const stats = useJourneyStats(journey?.id, {
    version: viewVersion,
    enabled: journey?.version != null,
    poll: status === 'active' || status === 'paused',
  });
  const statsByStep = useMemo(
    () => (stats.data ? new Map(stats.data.data.map((s) => [s.stepId, s])) : null),
    [stats.data],
  );

  const branchStats = useMemo(
    () => (stats.data ? new Map(stats.data.branches.map((b) => [`${b.stepId}:${b.outcome}`, b] as const)) : null),
    [stats.data],
  );
  const current = toDefinition(draft);
  const dirty = canon({ name, description, def: current }) !== saved;
  const latest = versions.data?.find((v) => v.version === journey?.version);
  const ahead = !!latest && canon(withoutUi(latest.definition)) !== canon(withoutUi(current));

  const names = useMemo(
    () => ({
      template: (x: string) => templates.data?.find((tpl) => tpl.id === x)?.name,
      segment: (x: string) => audiences.data?.find((a) => a.id === x)?.name,
    }),
    [templates.data, audiences.data],
  );
  const summaryOf = useCallback(
    (stepId: string) => {
      const s = shown.def.steps.find((x) => x.id === stepId);
      return s ? summarize(t, s, names) : '';
    },
    [shown, names, t],
  );
  const errorsOf = useCallback(
    (stepId: string) => (viewed ? [] : Object.values(problems.steps.get(stepId) ?? {})),
    [problems, viewed],
  );

  // ---- Editing the draft ------------------------------------------------------------------------
  const update = useCallback((fn: (d: Draft) => Draft) => setDraft((d) => fn(d)), []);
  const setStep = (s: Step) =>
    update((d) => ({ ...d, def: { ...d.def, steps: d.def.steps.map((x) => (x.id === s.id ? s : x)) } }));
  const rename = (from: string, to: string) => {
    const swap = (x: string | undefined) => (x === from ? to : x);
    update((d) => ({
      first: swap(d.first ?? undefined) ?? null,
      def: {
        ...d.def,
        steps: d.def.steps.map((s) => ({
          ...s,
          id: swap(s.id)!,
          next: swap(s.next),
          yes: swap(s.yes),
          no: swap(s.no),
          timeoutNext: swap(s.timeoutNext),
          branches: s.branches?.map((b) => ({ ...b, next: swap(b.next)! })),
        })) as Step[],
      },
    }));
    setSelection({ kind: 'step', id: to });
  };
  const removeStep = useCallback(
    (stepId: string) => {
      update((d) => {
        const steps = d.def.steps
          .filter((s) => s.id !== stepId)
          .map((s) => outsOf(s).reduce((acc, o) => (o.to === stepId ? setOut(acc, o.handle, undefined) : acc), s));
        return { first: d.first === stepId ? null : d.first, def: { ...d.def, steps } };
      });
      setSelection(null);
    },
    [update],
  );
  const move = useCallback(
    (nodeId: string, at: { x: number; y: number }) =>
      update((d) => {
        const ui = { x: Math.round(at.x), y: Math.round(at.y) };
        // The entry node is no step: its place is kept in the definition's layout.
        if (nodeId === ENTRY) return { ...d, def: { ...d.def, layout: { ...d.def.layout, entry: ui } } };
        return { ...d, def: { ...d.def, steps: d.def.steps.map((s) => (s.id === nodeId ? { ...s, ui } : s)) } };
      }),
    [update],
  );
  const linkSteps = useCallback(
    (source: string, handle: string, target: string) =>
      update((d) =>
        source === '__entry'
          ? { ...d, first: target }
          : {
              ...d,
              def: { ...d.def, steps: d.def.steps.map((s) => (s.id === source ? setOut(s, handle, target) : s)) },
            },
      ),
    [update],
  );
  const unlink = useCallback(
    (source: string, handle: string) =>
      update((d) =>
        source === '__entry'
          ? { ...d, first: null }
          : {
              ...d,
              def: { ...d.def, steps: d.def.steps.map((s) => (s.id === source ? setOut(s, handle, undefined) : s)) },
            },
      ),
    [update],
  );
  /** A step of `type` at `at`; the first step is linked from the entry, a click-added one from the selected step. */
  const addStep = useCallback(
    (type: StepType, at: { x: number; y: number } | null) => {
      let created = '';
      update((d) => {
        const places = layout(d);
        const from = selection?.kind === 'step' ? d.def.steps.find((s) => s.id === selection.id) : undefined;
        const free = from ? outsOf(from).find((o) => !o.to) : undefined;
        let where = at;
        if (!where) {
          const base = from ? places.get(from.id) : undefined;
          const lowest = Math.max(0, ...[...places.values()].map((p) => p.y));
          where = base ? { x: base.x, y: base.y + 150 } : { x: 0, y: d.def.steps.length ? lowest + 150 : 150 };
        }
        const step = newStep(
          type,
          d.def.steps.map((s) => s.id),
          where,
        );
        created = step.id;
        let steps = [...d.def.steps, step];
        if (!at && from && free) steps = steps.map((s) => (s.id === from.id ? setOut(s, free.handle, step.id) : s));
        return { first: d.first ?? step.id, def: { ...d.def, steps } };
      });
      setTimeout(() => created && setSelection({ kind: 'step', id: created }), 0);
    },
    [update, selection],
  );

  // ---- Server actions ---------------------------------------------------------------------------
  const body = () => ({ name: name.trim(), description: description.trim() || null, definition: toDefinition(draft) });
  const showProblems = (errors: ValidationError[], sent: JourneyDefinition | null) =>
    setProblems(sortProblems(errors, sent));
  const save = useApiMutation({
    mutationFn: async () => {
      const b = body();
      try {
        return journey ? await patch<Journey>(`/journeys/${journey.id}`, b) : await post<Journey>('/journeys', b);
      } catch (e) {
        showProblems(problemsOfApi(e), b.definition);
        throw e;
      }
    },
    success: (j) => (journey ? t('journeys.editor.saved') : t('journeys.editor.created', { name: j.name })),
    invalidate: [JOURNEYS_KEY],
    onSuccess: (j) => {
      setSaved(canon({ name, description, def: toDefinition(draft) }));
      showProblems([], null);
      if (!journey) {
        qc.setQueryData([...JOURNEYS_KEY, j.id], j);
        navigate(`/journeys/${j.id}`, { replace: true });
      }
    },
  });
  const validate = useApiMutation({
    mutationFn: async () => {
      const definition = toDefinition(draft);
      try {
        return { r: await post<Validation>('/journeys/validate', { definition }), definition };
      } catch (e) {
        showProblems(problemsOfApi(e), definition);
        throw e;
      }
    },
    onSuccess: ({ r, definition }) => {
      showProblems(r.errors, definition);
      if (r.ok && r.errors.length === 0) notifySuccess(t('journeys.editor.valid'));
      else notifyError(new Error(t('journeys.editor.invalid', { count: r.errors.length })));
    },
  });
  const act = useApiMutation({
    mutationFn: (kind: 'pause' | 'resume' | 'archive') => post<Journey>(`/journeys/${journey!.id}/${kind}`),
    success: (_j, kind) =>
      t(`journeys.editor.${kind === 'pause' ? 'paused' : kind === 'resume' ? 'resumed' : 'archived'}`),
    invalidate: [JOURNEYS_KEY],
    onSuccess: () => setConfirm(null),
  });
  const remove = useApiMutation({
    mutationFn: () => del(`/journeys/${journey!.id}`),
    success: t('journeys.editor.deleted'),
    invalidate: [JOURNEYS_KEY],
    onSuccess: () => navigate('/journeys'),
  });
  const publish = async (migrate: { fromVersion: number; map: Record<string, string> } | null) => {
    if (!journey) return;
    const sent = toDefinition(draft);
    try {
      if (dirty) {
        await patch<Journey>(`/journeys/${journey.id}`, body());
        setSaved(canon({ name, description, def: sent }));
      }
      const j = await post<Journey>(`/journeys/${journey.id}/publish`, migrate ? { migrate } : {});
      notifySuccess(t('journeys.editor.published', { version: j.version }));
      showProblems([], null);
      setPublishing(false);
      await qc.invalidateQueries({ queryKey: JOURNEYS_KEY });
    } catch (e) {
      showProblems(problemsOfApi(e), sent);
      notifyError(e);
      setPublishing(false);
    }
  };

  const sel = selection?.kind === 'step' ? draft.def.steps.find((s) => s.id === selection.id) : undefined;
  const selShown = selection?.kind === 'step' ? shown.def.steps.find((s) => s.id === selection.id) : undefined;
  const busy = save.isPending || validate.isPending;
  const entryErrors = viewed ? [] : Object.values(problems.entry);
  const unplaced = problems.list.filter((e) => {
    const p = e.path.replace(/^definition\.?/, '');
    return !e.stepId && !/^steps\.\d+/.test(p) && !p.startsWith('entry');
  });

  return (
    <Stack gap="sm" data-testid="journey-editor" data-journey={journey?.id ?? ''}>
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Anchor component={Link} to="/journeys" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconArrowLeft size={14} />
              {t('journeys.editor.back')}
            </Group>
          </Anchor>
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Title order={2} style={{ minWidth: 0 }} lineClamp={1} title={name}>
              {name || t('journeys.untitled')}
            </Title>
            {journey && <JourneyStatusBadge status={status} />}
            {journey?.version != null && (
              <Badge variant="outline" color="gray" data-testid="journey-version" data-version={journey.version}>
                {t('journeys.versionN', { version: journey.version })}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            {dirty && !readOnly && (
              <Text size="xs" c="orange.7" data-testid="journey-dirty">
                {t('journeys.editor.unsaved')}
              </Text>
            )}
            {ahead && !viewed && (
              <Text size="xs" c="dimmed">
                {t('journeys.editor.draftAhead', { version: journey?.version })}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap="xs">
          {journey?.version != null && (
            <Button variant="default" size="sm" onClick={() => setVersionsOpen(true)} data-testid="journey-versions">
              {t('journeys.editor.versions')}
            </Button>
          )}
          {canWrite && status !== 'archived' && (
            <>
              <Button
                variant="default"
                size="sm"
                onClick={() => validate.mutate()}
                loading={validate.isPending}
                disabled={busy || draft.def.steps.length === 0}
                data-testid="journey-validate"
              >
                {t('journeys.editor.validate')}
              </Button>
              <Button
                variant="default"
                size="sm"
                onClick={() => save.mutate()}
                loading={save.isPending}
                disabled={busy || (!dirty && !!journey) || draft.def.steps.length === 0 || !name.trim()}
                data-testid="journey-save"
              >
                {t('journeys.editor.save')}
              </Button>
              {journey && (
                <Button size="sm" onClick={() => setPublishing(true)} disabled={busy} data-testid="journey-publish">
                  {t('journeys.editor.publish')}
                </Button>
              )}
              {status === 'active' && (
                <Button
                  variant="light"
                  color="yellow"
                  size="sm"
                  onClick={() => act.mutate('pause')}
                  loading={act.isPending && act.variables === 'pause'}
                  data-testid="journey-pause"
                >
                  {t('journeys.editor.pause')}
                </Button>
              )}
              {status === 'paused' && (
                <Button
                  variant="light"
                  color="teal"
                  size="sm"
                  onClick={() => act.mutate('resume')}
                  loading={act.isPending && act.variables === 'resume'}
                  data-testid="journey-resume"
                >
                  {t('journeys.editor.resume')}
                </Button>
              )}
              {(status === 'active' || status === 'paused') && (
                <Button
                  variant="subtle"
                  color="red"
                  size="sm"
                  onClick={() => setConfirm('archive')}
                  data-testid="journey-archive"
                >
                  {t('journeys.editor.archive')}
                </Button>
              )}
            </>
          )}
          {canWrite && journey && (status === 'draft' || status === 'archived') && (
            <Button
              variant="subtle"
              color="red"
              size="sm"
              onClick={() => setConfirm('delete')}
              data-testid="journey-delete"
            >
              {t('journeys.editor.delete')}
            </Button>
          )}
        </Group>
      </Group>

      {journey?.version != null && stats.data?.journey && <LiveStrip stats={stats.data.journey} />}
      {viewed && (
        <Alert variant="light" color="blue" py={6}>
          <Group justify="space-between">
            <Text size="sm">{t('journeys.editor.viewing', { version: viewed.version })}</Text>
            <Button
              size="compact-sm"
              variant="white"
              onClick={() => setViewVersion(null)}
              data-testid="journey-back-to-draft"
            >
              {t('journeys.editor.backToDraft')}
            </Button>
          </Group>
        </Alert>
      )}
      {!viewed && problems.list.length > 0 && (
        <Alert color="red" variant="light" py={6} data-testid="journey-problems" data-count={problems.list.length}>
          <Text size="sm" fw={600}>
            {t('journeys.editor.errors')}: {problems.list.length}
          </Text>
          {unplaced.map((e) => (
            <Text key={e.path + e.message} size="xs">
              {e.message}
            </Text>
          ))}
        </Alert>
      )}

      <Group gap="sm" align="stretch" wrap="nowrap" style={{ height: 'calc(100vh - 250px)', minHeight: 480 }}>
        {!readOnly && (
          <Card withBorder padding="sm" w={190} style={{ flexShrink: 0 }}>
            <ScrollArea h="100%" type="auto" offsetScrollbars>
              <Palette onAdd={(type) => addStep(type, null)} disabled={readOnly} />
            </ScrollArea>
          </Card>
        )}
        <Card withBorder padding={0} style={{ flex: 1, minWidth: 0, position: 'relative' }}>
          <FlowCanvas
            draft={shown}
            selection={selection}
            onSelect={setSelection}
            onMove={move}
            onLink={linkSteps}
            onUnlink={unlink}
            onRemoveStep={removeStep}
            onDropStep={(type, at) => addStep(type, at)}
            stats={journey?.version != null ? statsByStep : null}
            branchStats={journey?.version != null ? branchStats : null}
            errorsOf={errorsOf}
            summaryOf={summaryOf}
            entrySummary={summarizeEntry(t, shown.def.entry, names)}
            entryErrors={entryErrors}
            entered={stats.data?.journey?.entered ?? null}
            readOnly={readOnly}
          />
          {shown.def.steps.length === 0 && (
            <Box
              style={{
                position: 'absolute',
                left: 0,
                right: 0,
                bottom: 24,
                textAlign: 'center',
                pointerEvents: 'none',
              }}
            >
              <Text size="sm" c="dimmed" data-testid="journey-canvas-empty">
                {t('journeys.editor.emptyCanvas')}
              </Text>
            </Box>
          )}
        </Card>
        <Card withBorder padding="sm" w={340} style={{ flexShrink: 0 }}>
          <ScrollArea h="100%" type="auto" offsetScrollbars>
            {selection?.kind === 'step' && (selShown ?? sel) ? (
              <StepPanel
                key={(selShown ?? sel)!.id + (viewed ? ':v' : '')}
                step={(selShown ?? sel)!}
                taken={draft.def.steps.map((s) => s.id).filter((x) => x !== selection.id)}
                onChange={setStep}
                onRename={rename}
                onRemove={() => removeStep(selection.id)}
                errors={viewed ? {} : (problems.steps.get(selection.id) ?? {})}
                readOnly={readOnly}
              />
            ) : selection?.kind === 'entry' ? (
              <EntryPanel
                entry={shown.def.entry}
                onChange={(entry) => update((d) => ({ ...d, def: { ...d.def, entry } }))}
                errors={viewed ? {} : problems.entry}
                readOnly={readOnly}
                journeyId={journey?.id}
              />
            ) : (
              <Stack gap="sm">
                {selection?.kind === 'edge' && !readOnly && (
                  <Button
                    variant="light"
                    color="red"
                    size="xs"
                    onClick={() => {
                      const i = selection.id.indexOf(':');
                      unlink(selection.id.slice(0, i), selection.id.slice(i + 1));
                      setSelection(null);
                    }}
                    data-testid="edge-remove"
                  >
                    {t('journeys.editor.removeEdge')}
                  </Button>
                )}
                <Text size="xs" c="dimmed">
                  {t('journeys.editor.selectHint')}
                </Text>
                {!draft.first && draft.def.steps.length > 0 && (
                  <Text size="xs" c="orange.7">
                    {t('journeys.editor.noEntryLink')}
                  </Text>
                )}
                <SettingsPanel
                  name={viewed ? name : name}
                  description={description}
                  onName={setName}
                  onDescription={setDescription}
                  def={shown.def}
                  onChange={(def) => update((d) => ({ ...d, def: { ...def, steps: d.def.steps } }))}
                  errors={viewed ? {} : problems.other}
                  readOnly={readOnly}
                />
              </Stack>
            )}
          </ScrollArea>
        </Card>
      </Group>

      {journey && publishing && (
        <PublishModal
          journey={journey}
          draft={toDefinition(draft)}
          versions={versions.data ?? []}
          inFlight={journey.counts?.active ?? stats.data?.journey?.active ?? null}
          onClose={() => setPublishing(false)}
          onPublish={publish}
        />
      )}
      {journey && (
        <VersionsDrawer
          opened={versionsOpen}
          onClose={() => setVersionsOpen(false)}
          versions={versions.data ?? []}
          current={journey.version}
          onView={(v) => {
            setViewVersion(v === journey.version && !ahead ? null : v);
            setSelection(null);
            setVersionsOpen(false);
          }}
          format={(at) => f.dateTime(at)}
        />
      )}
      <ConfirmModal
        opened={confirm === 'archive'}
        title={t('journeys.editor.archiveTitle', { name })}
        message={t('journeys.editor.archiveText')}
        confirmLabel={t('journeys.editor.archive')}
        loading={act.isPending}
        onConfirm={() => act.mutate('archive')}
        onClose={() => setConfirm(null)}
      />
      <ConfirmModal
        opened={confirm === 'delete'}
        title={t('journeys.editor.deleteTitle', { name })}
        message={t('journeys.editor.deleteText')}
        confirmLabel={t('journeys.editor.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirm(null)}
      />
    </Stack>
  );
}
