import type { FastifyRequest } from 'fastify';
import type { Db } from '../../core/db/schema.ts';
import { notFound } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { isUuid } from '../../core/ids.ts';

/**
 * A preValidation hook for writes under `/surveys/:id`: a survey this workspace does not have is a
 * 404 before the body is validated, so another workspace's id never gets a 400 that tells something.
 */
export function surveyMustExist(db: Db) {
  return async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !isUuid(id)) return; // the params schema answers 400
    const ws = principalOf(req).actor.workspaceId;
    const r = await db
      .selectFrom('cx_surveys')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Survey');
  };
}
