import type { JourneyDefinition, Step, StepType } from './api.ts';

/**
 * The editor's model of a definition: every link explicit. A step's `next` (and a branch's yes/no,
 * a split branch's next) that is unset or `"end"` ends the run there; on load a step that names no
 * `next` gets the one after it (the grammar's rule), so the canvas draws every edge it has.
 */
export const END = 'end';
export const STEP_ID = /^[A-Za-z0-9_-]{1,40}$/;
export const DURATION = /^(\d{1,7})(s|m|h|d)$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The editor's draft: the definition with explicit links and the step the entry leads to. */
export interface Draft {
  def: JourneyDefinition;
  first: string | null;
}

/** A link out of a step: which field names it, and the handle the canvas draws for it. */
export interface Out {
  handle: string;
  to: string | undefined;
}

const link = (to: string | undefined) => (to && to !== END ? to : undefined);

/** The definition as the server keeps it → the editor's draft. */
export function fromDefinition(def: JourneyDefinition): Draft {
  const steps = def.steps.map((s, i): Step => {
    const out: Step = { ...s };
    if (s.type === 'branch') {
      out.yes = link(s.yes);
      out.no = link(s.no);
      delete out.next;
    } else if (s.type === 'split') {
      out.branches = (s.branches ?? []).map((b) => ({ ...b, next: link(b.next) ?? '' }));
      delete out.next;
    } else if (s.type === 'exit') delete out.next;
    else out.next = link(s.next ?? def.steps[i + 1]?.id);
    if (s.type === 'wait' && s.for) out.timeoutNext = s.timeoutNext === END ? END : s.timeoutNext;
    return out;
  });
  return { def: { ...def, steps }, first: steps[0]?.id ?? null };
}

/** Every link out of a step, in the order the node draws its handles. */
export function outsOf(s: Step): Out[] {
  switch (s.type) {
    case 'branch':
      return [
        { handle: 'yes', to: s.yes },
        { handle: 'no', to: s.no },
      ];
    case 'split':
      return (s.branches ?? []).map((b, i) => ({ handle: `split:${i}`, to: b.next || undefined }));
    case 'exit':
      return [];
    case 'wait':
      return s.for
        ? [
            { handle: 'next', to: s.next },
            { handle: 'timeout', to: s.timeoutNext === END ? undefined : s.timeoutNext },
          ]
        : [{ handle: 'next', to: s.next }];
    default:
      return [{ handle: 'next', to: s.next }];
  }
}

/** The step with the link of `handle` set to `to` (undefined: unlinked, the run ends there). */
export function setOut(s: Step, handle: string, to: string | undefined): Step {
  if (handle === 'yes') return { ...s, yes: to };
  if (handle === 'no') return { ...s, no: to };
  if (handle === 'timeout') return { ...s, timeoutNext: to };
  if (handle.startsWith('split:')) {
    const i = Number(handle.slice(6));
    return { ...s, branches: (s.branches ?? []).map((b, j) => (j === i ? { ...b, next: to ?? '' } : b)) };
  }
  return { ...s, next: to };
}

/** Steps reachable from the first, in breadth-first order. */
export function reachable(d: Draft): string[] {
  const byId = new Map(d.def.steps.map((s) => [s.id, s]));
  const seen: string[] = [];
  const queue = d.first && byId.has(d.first) ? [d.first] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.includes(id)) continue;
    seen.push(id);
    for (const o of outsOf(byId.get(id)!)) if (o.to && byId.has(o.to) && !seen.includes(o.to)) queue.push(o.to);
  }
  return seen;
}

/**
 * The draft → the definition the server takes: the entry's step first, then the others in the order
 * the flow reaches them (unreached ones last); every link named (`end` where the run ends).
 */
export function toDefinition(d: Draft): JourneyDefinition {
  const order = reachable(d);
  const rest = d.def.steps.filter((s) => !order.includes(s.id)).map((s) => s.id);
  const byId = new Map(d.def.steps.map((s) => [s.id, s]));
  const steps = [...order, ...rest].map((id): Step => {
    const s = { ...byId.get(id)! };
    if (s.type === 'branch') {
      s.yes = s.yes || END;
      s.no = s.no || END;
    } else if (s.type === 'split') s.branches = (s.branches ?? []).map((b) => ({ ...b, next: b.next || END }));
    else if (s.type !== 'exit') s.next = s.next || END;
    if (s.type !== 'wait' || !s.for) {
      delete s.timeout;
      delete s.timeoutNext;
    } else if (!s.timeoutNext) delete s.timeoutNext;
    for (const k of Object.keys(s) as (keyof Step)[]) if (s[k] === undefined) delete s[k];
    return s;
  });
  const def: JourneyDefinition = { ...d.def, steps };
  for (const k of Object.keys(def) as (keyof JourneyDefinition)[]) if (def[k] === undefined) delete def[k];
  return def;
}

/** The index of a step in the definition sent, for errors the server names by `definition.steps.<i>`. */
export function stepOfPath(sent: JourneyDefinition, path: string): string | null {
  const m = /^(?:definition\.)?steps\.(\d+)/.exec(path);
  return m ? (sent.steps[Number(m[1])]?.id ?? null) : null;
}

/** A fresh step of a kind, with an id not yet taken and defaults the panel then edits. */
export function newStep(type: StepType, taken: readonly string[], at: { x: number; y: number }): Step {
  let n = 1;
  while (taken.includes(`${type}_${n}`)) n++;
  const id = `${type}_${n}`;
  const ui = { x: Math.round(at.x), y: Math.round(at.y) };
  switch (type) {
    case 'wait':
      return { id, type, duration: '1d', ui };
    case 'branch':
      return { id, type, rule: { all: [] }, ui };
    case 'split':
      return {
        id,
        type,
        branches: [
          { key: 'A', share: 50, next: '' },
          { key: 'B', share: 50, next: '' },
        ],
        ui,
      };
    case 'send':
      return { id, type, channelId: '', templateId: '', ui };
    case 'update_trait':
      return { id, type, trait: '', value: '', ui };
    case 'give_points':
      return { id, type, points: 100, ui };
    case 'create_task':
      return { id, type, title: '', ui };
    case 'webhook':
      return { id, type, url: '', ui };
    default:
      return { id, type, ui };
  }
}

export const NODE_W = 240;
const COL = 280;
const ROW = 150;

/**
 * Where each step is drawn: its saved place (`ui`), else a layer by its distance from the entry
 * (breadth first), side by side within the layer; steps not reached go in a row below.
 */
export function layout(d: Draft): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const byId = new Map(d.def.steps.map((s) => [s.id, s]));
  const depth = new Map<string, number>();
  const queue: string[] = d.first && byId.has(d.first) ? [d.first] : [];
  if (queue[0]) depth.set(queue[0], 1);
  while (queue.length) {
    const id = queue.shift()!;
    for (const o of outsOf(byId.get(id)!))
      if (o.to && byId.has(o.to) && !depth.has(o.to)) {
        depth.set(o.to, depth.get(id)! + 1);
        queue.push(o.to);
      }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const perLayer = new Map<number, number>();
  for (const s of d.def.steps) {
    const layer = depth.get(s.id) ?? maxDepth + 1;
    const k = perLayer.get(layer) ?? 0;
    perLayer.set(layer, k + 1);
    out.set(s.id, s.ui ?? { x: k * COL, y: layer * ROW });
  }
  return out;
}

/** Where the entry is drawn: its saved place (`layout.entry`), else above the step it leads to (or the top left). */
export function entryPosition(d: Draft, places: Map<string, { x: number; y: number }>) {
  if (d.def.layout?.entry) return d.def.layout.entry;
  const p = d.first ? places.get(d.first) : undefined;
  if (p) return { x: p.x, y: p.y - ROW };
  const ys = [...places.values()].map((v) => v.y);
  return { x: 0, y: (ys.length ? Math.min(...ys) : ROW) - ROW };
}

/** `"30m"` → [30, "m"]; anything else → null. */
export function parseDuration(v: string | undefined): [number, 's' | 'm' | 'h' | 'd'] | null {
  const m = v ? DURATION.exec(v) : null;
  return m ? [Number(m[1]), m[2] as 's' | 'm' | 'h' | 'd'] : null;
}

/** A rule is an object: a group (`all`/`any`), a negation or one condition. */
export function checkRule(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'object';
  if (Object.keys(v).length === 0) return 'empty';
  return null;
}
