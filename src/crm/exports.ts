import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { CrmDeps } from './crm.ts';
import type { People, PeopleListQuery } from './people.ts';
import type { Companies } from './companies.ts';
import type { Deals, DealListQuery } from './deals.ts';

type Page = { data: any[]; nextCursor: string | null };
type Column = [header: string, value: (r: any) => unknown];

/** Rows per page read from a list while exporting: one page in memory at a time. */
const EXPORT_PAGE = 500;

/**
 * CSV export of any list view: the list's own query (same filters, search and sort) read page by
 * page with its keyset cursor and streamed out, so a 1,000,000-row view never sits in memory. The
 * header uses the API's field names (language-neutral, and what the import maps automatically,
 * so an export re-imports as is); UTF-8 with a BOM, so Excel shows Cyrillic correctly.
 */
export class Exports {
  pageSize = EXPORT_PAGE;

  constructor(
    private deps: CrmDeps,
    private parts: { people: () => People; companies: () => Companies; deals: () => Deals },
  ) {}

  async people(ws: string, q: Omit<PeopleListQuery, 'limit' | 'cursor'>): Promise<Readable> {
    const [cfs, emails] = await Promise.all([this.customFields(ws, 'person'), this.memberEmails(ws)]);
    const columns: Column[] = [
      ['id', (p) => p.id],
      ['firstName', (p) => p.firstName],
      ['lastName', (p) => p.lastName],
      ['email', (p) => p.emails],
      ['phone', (p) => p.phones],
      ['company', (p) => p.company?.name],
      ['position', (p) => p.position],
      ['ownerEmail', (p) => (p.ownerId ? emails.get(p.ownerId) : null)],
      ['lifecycleStage', (p) => p.lifecycleStage],
      ['source', (p) => p.source],
      ['street', (p) => p.street],
      ['city', (p) => p.city],
      ['region', (p) => p.region],
      ['country', (p) => p.country],
      ['postalCode', (p) => p.postalCode],
      ['birthday', (p) => p.birthday],
      ['tags', (p) => p.tags],
      ['externalId', (p) => p.externalId],
      ['createdAt', (p) => p.createdAt],
      ['updatedAt', (p) => p.updatedAt],
      ...cfs,
    ];
    return this.stream(columns, (cursor) => this.parts.people().list(ws, { ...q, limit: this.pageSize, cursor }));
  }

  async companies(ws: string, q: Record<string, any>): Promise<Readable> {
    const [cfs, emails] = await Promise.all([this.customFields(ws, 'company'), this.memberEmails(ws)]);
    const columns: Column[] = [
      ['id', (c) => c.id],
      ['name', (c) => c.name],
      ['domain', (c) => c.domain],
      ['industry', (c) => c.industry],
      ['size', (c) => c.size],
      ['phone', (c) => c.phone],
      ['website', (c) => c.website],
      ['ownerEmail', (c) => (c.ownerId ? emails.get(c.ownerId) : null)],
      ['street', (c) => c.street],
      ['city', (c) => c.city],
      ['region', (c) => c.region],
      ['country', (c) => c.country],
      ['postalCode', (c) => c.postalCode],
      ['tags', (c) => c.tags],
      ['externalId', (c) => c.externalId],
      ['createdAt', (c) => c.createdAt],
      ['updatedAt', (c) => c.updatedAt],
      ...cfs,
    ];
    return this.stream(columns, (cursor) => this.parts.companies().list(ws, { ...q, limit: this.pageSize, cursor } as any));
  }

  async deals(ws: string, q: Omit<DealListQuery, 'limit' | 'cursor'>): Promise<Readable> {
    const [cfs, emails, pipelines] = await Promise.all([
      this.customFields(ws, 'deal'),
      this.memberEmails(ws),
      this.deps.db.selectFrom('crm_pipelines').select(['id', 'name']).where('workspace_id', '=', ws).execute(),
    ]);
    const pipelineName = new Map(pipelines.map((p) => [p.id, p.name]));
    const columns: Column[] = [
      ['id', (d) => d.id],
      ['title', (d) => d.title],
      ['pipeline', (d) => pipelineName.get(d.pipelineId)],
      ['stage', (d) => d.stage?.name],
      ['status', (d) => d.status],
      ['amount', (d) => d.amount],
      ['currency', (d) => d.currency],
      ['probability', (d) => d.probability],
      ['expectedClose', (d) => d.expectedClose],
      ['ownerEmail', (d) => (d.ownerId ? emails.get(d.ownerId) : null)],
      ['person', (d) => d.person?.name],
      ['company', (d) => d.company?.name],
      ['source', (d) => d.source],
      ['campaign', (d) => d.campaign],
      ['region', (d) => d.region],
      ['closeReason', (d) => d.closeReason],
      ['closedAt', (d) => d.closedAt],
      ['tags', (d) => d.tags],
      ['externalId', (d) => d.externalId],
      ['createdAt', (d) => d.createdAt],
      ['updatedAt', (d) => d.updatedAt],
      ...cfs,
    ];
    return this.stream(columns, (cursor) => this.parts.deals().list(ws, { ...q, limit: this.pageSize, cursor }));
  }

  private async customFields(ws: string, entity: string): Promise<Column[]> {
    const defs = await this.deps.db.selectFrom('crm_custom_fields').select(['key']).where('workspace_id', '=', ws).where('entity', '=', entity).orderBy('position').orderBy('key').execute();
    return defs.map((d) => [`cf.${d.key}`, (r: any) => r.customFields?.[d.key]] as Column);
  }

  private async memberEmails(ws: string): Promise<Map<string, string>> {
    const rows = await this.deps.db.selectFrom('workspace_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.email']).where('m.workspace_id', '=', ws).execute();
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  /**
   * Pages are fetched as the client reads (the stream pulls), so a slow download holds no rows.
   * The first page is read before anything is sent: a bad filter is then a 400, not a download
   * cut short after its headers went out.
   */
  private async stream(columns: Column[], page: (cursor: string | undefined) => Promise<Page>): Promise<Readable> {
    const first = await page(undefined);
    async function* lines() {
      yield '\ufeff' + stringify([columns.map(([h]) => h)]);
      let p = first;
      for (;;) {
        if (p.data.length) yield stringify(p.data.map((r) => columns.map(([, v]) => cell(v(r)))));
        if (!p.nextCursor) return;
        p = await page(p.nextCursor);
      }
    }
    return Readable.from(lines(), { objectMode: false });
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => cell(x)).join(', ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
