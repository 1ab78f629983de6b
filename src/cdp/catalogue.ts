import { sql } from 'kysely';
import type { Db } from '../core/db/schema.ts';

/**
 * The schema catalogue: which events and traits arrive, from which sources, how often, with which
 * property names and JSON types.
 *
 * A read-time aggregation over `events` and `persons` for now. Counts, first/last seen and the
 * sources are exact (one pass over the workspace's events); property names and types are sampled
 * from the latest CATALOGUE_SAMPLE events of each (type, name), so `sampled` tells how many events
 * the property counts are out of. Cost: the query scans all of the workspace's events (and persons
 * for traits): fine up to a few million rows, seconds beyond that. At scale this becomes a table
 * kept up to date at ingest (per name and day: count, sources, property types — the shape this
 * API already returns), or a periodic job; the API does not change.
 */
export const CATALOGUE_SAMPLE = 1_000;

export interface PropertyStat {
  name: string;
  count: number;
  types: { type: string; count: number }[];
}

export interface CatalogueEvent {
  type: string;
  event: string | null;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  sources: { id: string; name: string | null; count: number }[];
  sampled: number;
  properties: PropertyStat[];
}

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

function groupProperties(rows: { name: string; type: string; n: number }[]): PropertyStat[] {
  const by = new Map<string, PropertyStat>();
  for (const r of rows) {
    let p = by.get(r.name);
    if (!p) by.set(r.name, (p = { name: r.name, count: 0, types: [] }));
    p.count += r.n;
    p.types.push({ type: r.type, count: r.n });
  }
  for (const p of by.values()) p.types.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return [...by.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Every (type, event name) seen in the workspace, most frequent first. */
export async function eventCatalogue(db: Db, workspaceId: string): Promise<CatalogueEvent[]> {
  const counts = await sql<{
    type: string;
    event: string | null;
    source_id: string;
    source_name: string | null;
    n: number;
    first: Date;
    last: Date;
  }>`
    SELECT e.type, e.event, e.source_id, s.name AS source_name, count(*)::int AS n, min(e.received_at) AS first, max(e.received_at) AS last
    FROM events e
    LEFT JOIN sources s ON s.workspace_id = e.workspace_id AND s.id = e.source_id
    WHERE e.workspace_id = ${workspaceId}
    GROUP BY e.type, e.event, e.source_id, s.name
  `.execute(db);
  // identify and group carry their data as traits; the other types as properties.
  const props = await sql<{ type: string; event: string | null; name: string; jtype: string; n: number }>`
    SELECT x.type, x.event, k.key AS name, jsonb_typeof(k.value) AS jtype, count(*)::int AS n
    FROM (
      SELECT type, event, CASE WHEN type IN ('identify', 'group') THEN coalesce(traits, '{}'::jsonb) ELSE properties END AS data,
             row_number() OVER (PARTITION BY type, event ORDER BY id DESC) AS rn
      FROM events WHERE workspace_id = ${workspaceId}
    ) x
    CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(x.data) = 'object' THEN x.data ELSE '{}'::jsonb END) k
    WHERE x.rn <= ${CATALOGUE_SAMPLE}
    GROUP BY x.type, x.event, k.key, jsonb_typeof(k.value)
  `.execute(db);

  const key = (type: string, event: string | null) => JSON.stringify([type, event]);
  const out = new Map<string, CatalogueEvent>();
  for (const r of counts.rows) {
    const k = key(r.type, r.event);
    let c = out.get(k);
    if (!c)
      out.set(
        k,
        (c = {
          type: r.type,
          event: r.event,
          count: 0,
          firstSeen: toDate(r.first),
          lastSeen: toDate(r.last),
          sources: [],
          sampled: 0,
          properties: [],
        }),
      );
    c.count += r.n;
    if (toDate(r.first) < c.firstSeen) c.firstSeen = toDate(r.first);
    if (toDate(r.last) > c.lastSeen) c.lastSeen = toDate(r.last);
    c.sources.push({ id: r.source_id, name: r.source_name, count: r.n });
  }
  const propRows = new Map<string, { name: string; type: string; n: number }[]>();
  for (const r of props.rows) {
    const k = key(r.type, r.event);
    if (!propRows.has(k)) propRows.set(k, []);
    propRows.get(k)!.push({ name: r.name, type: r.jtype, n: r.n });
  }
  for (const [k, c] of out) {
    c.sampled = Math.min(c.count, CATALOGUE_SAMPLE);
    c.sources.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    c.properties = groupProperties(propRows.get(k) ?? []);
  }
  return [...out.values()].sort(
    (a, b) => b.count - a.count || a.type.localeCompare(b.type) || (a.event ?? '').localeCompare(b.event ?? ''),
  );
}

/** Trait keys on the workspace's live persons (merged-away persons are not counted), most common first. */
export async function traitCatalogue(
  db: Db,
  workspaceId: string,
): Promise<{ persons: number; traits: PropertyStat[] }> {
  const total = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM persons WHERE workspace_id = ${workspaceId} AND merged_into IS NULL`.execute(db);
  const rows = await sql<{ name: string; jtype: string; n: number }>`
    SELECT k.key AS name, jsonb_typeof(k.value) AS jtype, count(*)::int AS n
    FROM persons p CROSS JOIN LATERAL jsonb_each(p.traits) k
    WHERE p.workspace_id = ${workspaceId} AND p.merged_into IS NULL
    GROUP BY k.key, jsonb_typeof(k.value)
  `.execute(db);
  return {
    persons: total.rows[0].n,
    traits: groupProperties(rows.rows.map((r) => ({ name: r.name, type: r.jtype, n: r.n }))),
  };
}
