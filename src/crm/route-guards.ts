import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { notFound } from '../core/errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A preValidation hook for POSTs under /people/:id: an unknown person is a 404 before the body is
 * validated, so another workspace's person id never gets a 400 that would confirm it exists (or
 * not) depending on the body.
 */
export function personMustExist(k: Kernel) {
  return async (req: any) => {
    const id = req.params?.id;
    if (typeof id !== 'string' || !UUID.test(id)) return; // the params schema answers 400
    const live = await k.cdp.directory.liveId(k.db, principalOf(req).actor.workspaceId, id);
    if (!live) throw notFound('Person');
  };
}
