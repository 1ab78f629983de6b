import type { Privacy } from '../cdp/index.ts';

const n = (r: { numDeletedRows?: bigint }[]) => Number(r.reduce((s, x) => s + (x.numDeletedRows ?? 0n), 0n));
const TABLES = [
  'loyalty_points',
  'loyalty_balances',
  'loyalty_redemptions',
  'loyalty_redemption_promotions',
  'loyalty_birthday_grants',
] as const;

/**
 * GDPR: what loyalty keeps about a person — the points ledger and balance, redemptions (with the
 * promotions each applied) and birthday grants — for the CDP's export and erase
 * (src/cdp/privacy.ts). Erase deletes them all; a promotion's `redemptions` counter keeps its
 * number (it names nobody).
 */
export function registerLoyaltyPersonData(privacy: Privacy) {
  privacy.registerModule('loyalty', {
    erase: async (trx, ws, ids) => {
      const out: Record<string, number> = {};
      for (const t of TABLES)
        out[t.replace('loyalty_', '')] = n(
          await trx.deleteFrom(t).where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
        );
      return out;
    },
    export: async (db, ws, ids) => {
      const balances = await db
        .selectFrom('loyalty_balances')
        .select(['person_id', 'balance', 'updated_at'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .execute();
      const points = await db
        .selectFrom('loyalty_points')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('id')
        .execute();
      const redemptions = await db
        .selectFrom('loyalty_redemptions')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('created_at')
        .execute();
      const birthdayGrants = await db
        .selectFrom('loyalty_birthday_grants')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('year')
        .execute();
      return {
        balance: balances.reduce((s, b) => s + b.balance, 0),
        points,
        redemptions,
        birthdayGrants,
      };
    },
  });
}
