import type { Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { notFound } from '../core/errors.ts';
import type { Loyalty } from './loyalty.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import type { Geography, LoyaltyPromotionsTable } from './tables.ts';

type Row = Selectable<LoyaltyPromotionsTable>;

const geo = (g: Partial<Geography> | null | undefined): Geography => ({
  regions: g?.regions ?? [],
  cities: g?.cities ?? [],
  stores: g?.stores ?? [],
});

/** The promotion view (contract-16.md). */
export const promotionView = (r: Row) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  mechanic: r.mechanic,
  params: r.params,
  status: r.status,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  geography: geo(r.geography),
  segmentId: r.segment_id,
  limitPerPerson: r.limit_per_person,
  limitTotal: r.limit_total,
  redemptions: r.redemptions,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type PromotionView = ReturnType<typeof promotionView>;

/** Promotions: a mechanic with its params, validity dates, geography, eligible segment and limits. */
export class Promotions {
  constructor(
    protected k: LoyaltyBaseKernel,
    protected loyalty: Loyalty,
  ) {}

  protected async row(ws: string, id: string, db: DbOrTx = this.k.db, lock = false): Promise<Row> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Promotion');
    let q = db.selectFrom('loyalty_promotions').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Promotion');
    return r;
  }

  /** One promotion's view; 404 `Promotion not found` when it is not of this workspace. */
  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<PromotionView> {
    return promotionView(await this.row(ws, id, db));
  }
}
