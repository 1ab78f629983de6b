import { sql } from 'kysely';
import type { Loyalty } from './loyalty.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import { birthdaysDue } from './mechanics/birthday-points.ts';
import type { ParamsOf } from './mechanics/params.ts';

/** How often each worker looks for birthdays due (grants are once per person, promotion and year). */
export const BIRTHDAY_SCAN_SECONDS = 3600;

/**
 * The `birthday_points` promotions: a daily (hourly, idempotent) scan grants each active one's
 * points to the persons whose birthday window contains today (UTC), once per person, promotion and
 * birthday year (`loyalty_birthday_grants` primary key). The birthday is the CDP trait
 * `birthday` ("YYYY-MM-DD", as an identify sends it) or else the CRM field `birthday`. The
 * promotion's segment, regions and cities (the person's `region` / `city` traits) and total limit
 * apply.
 */
export class Birthdays {
  constructor(
    protected k: LoyaltyBaseKernel,
    protected loyalty: Loyalty,
  ) {
    k.jobs.every('loyalty.birthdays', BIRTHDAY_SCAN_SECONDS, () => this.grantAll());
  }

  /** Every workspace's active birthday promotions; returns how many grants were made. */
  async grantAll(now = new Date()): Promise<number> {
    const promos = await this.k.db
      .selectFrom('loyalty_promotions')
      .select(['workspace_id', 'id'])
      .where('status', '=', 'active')
      .where('mechanic', '=', 'birthday_points')
      .execute();
    let n = 0;
    for (const p of promos) n += await this.grant(p.workspace_id, p.id, now);
    return n;
  }

  /** One promotion's grants due today. */
  async grant(ws: string, promotionId: string, now = new Date()): Promise<number> {
    const promo = await this.k.db
      .selectFrom('loyalty_promotions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', promotionId)
      .executeTakeFirst();
    if (promo?.status !== 'active' || promo.mechanic !== 'birthday_points') return 0;
    if ((promo.starts_at && promo.starts_at > now) || (promo.ends_at && promo.ends_at <= now)) return 0;
    const params = promo.params as unknown as ParamsOf['birthday_points'];
    const due = birthdaysDue(now, params);
    const days = [...due.keys()];
    // Persons by the CDP trait, then by the CRM field (the CDP's and the CRM's tables: neither has a
    // service that finds persons by the day of a date).
    const rows = await sql<{ person_id: string; birthday: string; region: string | null; city: string | null }>`
      SELECT p.id AS person_id, substr(p.traits->>'birthday', 6, 5) AS birthday, p.traits->>'region' AS region, p.traits->>'city' AS city
      FROM persons p
      WHERE p.workspace_id = ${ws} AND p.merged_into IS NULL
        AND p.traits->>'birthday' ~ '^\\d{4}-\\d{2}-\\d{2}'
        AND substr(p.traits->>'birthday', 6, 5) = ANY(${days}::text[])
      UNION
      SELECT c.person_id, to_char(c.birthday, 'MM-DD'), p.traits->>'region', p.traits->>'city'
      FROM crm_people c JOIN persons p ON p.workspace_id = c.workspace_id AND p.id = c.person_id
      WHERE c.workspace_id = ${ws} AND c.deleted_at IS NULL AND c.birthday IS NOT NULL AND p.merged_into IS NULL
        AND (p.traits->>'birthday') IS NULL
        AND to_char(c.birthday, 'MM-DD') = ANY(${days}::text[])
    `.execute(this.k.db);
    if (!rows.rows.length) return 0;
    const g = promo.geography;
    const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
    const inList = (list: string[] | undefined, v: string | null) =>
      !list?.length || (!!v && list.some((x) => norm(x) === norm(v)));
    let made = 0;
    for (const r of rows.rows) {
      if (!inList(g.regions, r.region) || !inList(g.cities, r.city)) continue;
      if (promo.segment_id && !(await this.k.segments.segmentsOf(ws, r.person_id)).includes(promo.segment_id)) continue;
      const year = due.get(r.birthday);
      if (!year) continue;
      const granted = await this.k.db.transaction().execute(async (trx) => {
        const claim = await sql<{ person_id: string }>`
          INSERT INTO loyalty_birthday_grants (workspace_id, promotion_id, person_id, year, created_at)
          VALUES (${ws}, ${promo.id}, ${r.person_id}, ${year}, ${now})
          ON CONFLICT DO NOTHING RETURNING person_id
        `.execute(trx);
        if (!claim.rows.length) return false;
        const counted = await sql<{ id: string }>`
          UPDATE loyalty_promotions SET redemptions = redemptions + 1
          WHERE workspace_id = ${ws} AND id = ${promo.id} AND (limit_total IS NULL OR redemptions < limit_total)
          RETURNING id
        `.execute(trx);
        if (!counted.rows.length) {
          await sql`DELETE FROM loyalty_birthday_grants WHERE workspace_id = ${ws} AND promotion_id = ${promo.id} AND person_id = ${r.person_id} AND year = ${year}`.execute(
            trx,
          );
          return false;
        }
        const [entry] = await this.loyalty.points.apply(
          trx,
          ws,
          r.person_id,
          [
            {
              type: 'earn',
              points: params.points,
              reason: `Birthday ${year}: ${promo.name}`,
              promotionId: promo.id,
              idempotencyKey: `birthday:${promo.id}:${r.person_id}:${year}`,
              createdBy: 'system',
            },
          ],
          now,
        );
        await trx
          .updateTable('loyalty_birthday_grants')
          .set({ entry_id: entry?.id ?? null })
          .where('workspace_id', '=', ws)
          .where('promotion_id', '=', promo.id)
          .where('person_id', '=', r.person_id)
          .where('year', '=', year)
          .execute();
        return true;
      });
      if (granted) made++;
    }
    return made;
  }
}
