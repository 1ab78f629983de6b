import { sql } from 'kysely';
import type { Privacy } from '../cdp/index.ts';

const n = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }[]) =>
  Number(r.reduce((s, x) => s + (x.numDeletedRows ?? x.numUpdatedRows ?? 0n), 0n));

/**
 * GDPR: what the CRM keeps about a person, for the CDP's export and erase (src/cdp/privacy.ts).
 * Erase removes the CRM person, consent history, activities and cadences about them, merge
 * records (which hold copies of their rows) and duplicate dismissals; deals stay (they are the
 * company's sales record) with the person reference removed. Saved views are per user, not per
 * person, and hold no person data.
 */
export function registerCrmPersonData(privacy: Privacy) {
  privacy.registerModule('crm', {
    erase: async (trx, ws, ids) => ({
      people: n(
        await trx.deleteFrom('crm_people').where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
      ),
      consents: n(
        await trx.deleteFrom('crm_consents').where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
      ),
      activities: n(
        await trx.deleteFrom('crm_activities').where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
      ),
      cadences: n(
        await trx.deleteFrom('crm_cadences').where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
      ),
      merges: n(
        await trx
          .deleteFrom('crm_merges')
          .where('workspace_id', '=', ws)
          .where((eb) => eb.or([eb('from_person', 'in', ids), eb('into_person', 'in', ids)]))
          .execute(),
      ),
      dismissals: n(
        await trx
          .deleteFrom('crm_duplicate_dismissals')
          .where('workspace_id', '=', ws)
          .where((eb) => eb.or([eb('person_a', 'in', ids), eb('person_b', 'in', ids)]))
          .execute(),
      ),
      deals: n(
        await trx
          .updateTable('crm_deals')
          .set({ person_id: null, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('person_id', 'in', ids)
          .execute(),
      ),
    }),
    export: async (db, ws, ids) => {
      const people = await db
        .selectFrom('crm_people')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .execute();
      const consents = await db
        .selectFrom('crm_consents')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      const activities = await db
        .selectFrom('crm_activities')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      const cadences = await db
        .selectFrom('crm_cadences')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('id')
        .execute();
      const deals = await db
        .selectFrom('crm_deals')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('id')
        .execute();
      const merges = await db
        .selectFrom('crm_merges')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where((eb) => eb.or([eb('from_person', 'in', ids), eb('into_person', 'in', ids)]))
        .orderBy('id')
        .execute();
      const companyIds = [...new Set(people.map((p) => p.company_id).filter((x): x is string => !!x))];
      const companies = companyIds.length
        ? (
            await sql<{
              id: string;
              name: string;
            }>`SELECT id, name FROM crm_companies WHERE workspace_id = ${ws} AND id IN (${sql.join(companyIds)})`.execute(
              db,
            )
          ).rows
        : [];
      return { people, companies, consents, activities, cadences, deals, merges };
    },
  });
}
