import type { DbOrTx } from '../core/db/schema.ts';
import type { PersonDirectory } from '../cdp/index.ts';
import { invalid } from '../core/errors.ts';

/**
 * Checks of the references deals, activities and cadences carry (owner, person, company, deal,
 * script): a reference to something outside the workspace is the client's mistake (400 on that
 * field), never a silent dangling id — and never a hint that it exists in another workspace.
 */

export async function assertMember(
  trx: DbOrTx,
  ws: string,
  userId: string | null | undefined,
  path: string,
): Promise<void> {
  if (!userId) return;
  const r = await trx
    .selectFrom('workspace_members')
    .select('user_id')
    .where('workspace_id', '=', ws)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!r) throw invalid(path, 'is not a member of this workspace');
}

/** The live person id (a merged-away id resolves to the survivor). */
export async function livePerson(
  trx: DbOrTx,
  directory: PersonDirectory,
  ws: string,
  personId: string | null | undefined,
  path = 'personId',
): Promise<string | null> {
  if (!personId) return null;
  const live = await directory.liveId(trx, ws, personId);
  if (!live) throw invalid(path, 'person not found');
  return live;
}

export async function assertCompany(
  trx: DbOrTx,
  ws: string,
  companyId: string | null | undefined,
  path = 'companyId',
): Promise<void> {
  if (!companyId) return;
  const r = await trx
    .selectFrom('crm_companies')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('id', '=', companyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) throw invalid(path, 'company not found');
}

export async function assertDeal(
  trx: DbOrTx,
  ws: string,
  dealId: string | null | undefined,
  path = 'dealId',
): Promise<void> {
  if (!dealId) return;
  const r = await trx
    .selectFrom('crm_deals')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('id', '=', dealId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) throw invalid(path, 'deal not found');
}

/** Owner names for views and reports (users are the core's table; membership keeps them per workspace). */
export async function userNames(
  trx: DbOrTx,
  ws: string,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (!want.length) return new Map();
  const rows = await trx
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name'])
    .where('m.workspace_id', '=', ws)
    .where('u.id', 'in', want)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** How far `tz` is ahead of UTC at `at`, in ms. */
function tzOffset(at: number, tz: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return (
    Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) -
    Math.floor(at / 1000) * 1000
  );
}

/**
 * 'YYYY-MM-DD' (a day in `tz`, default UTC) or an ISO date-time → a Date; a date-only `to` means
 * the end of that day.
 */
export function periodBound(v: string | undefined, end = false, tz = 'UTC'): Date | null {
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number);
    const local = Date.UTC(y, m - 1, d + (end ? 1 : 0));
    if (tz === 'UTC') return new Date(local);
    const guess = local - tzOffset(local, tz);
    return new Date(local - tzOffset(guess, tz));
  }
  return new Date(v);
}
