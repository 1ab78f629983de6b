import type { Privacy } from '../privacy.ts';

/**
 * Segment membership is person data: a GDPR erase deletes a person's rows in `segment_members`
 * (rules and lists alike; no exit is recorded, the person's timeline goes with them) and in the
 * upload staging table; an export lists the segments and lists they are or were in.
 */
export function registerSegmentPersonData(privacy: Privacy): void {
  privacy.registerModule('segments', {
    erase: async (trx, ws, personIds) => {
      if (!personIds.length) return;
      const members = await trx
        .deleteFrom('segment_members')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .executeTakeFirst();
      const staged = await trx
        .deleteFrom('segment_upload_matches')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .executeTakeFirst();
      return {
        segmentMembers: Number(members.numDeletedRows),
        segmentUploadMatches: Number(staged.numDeletedRows),
      };
    },
    export: async (db, ws, personIds) => {
      if (!personIds.length) return { memberships: [] };
      const rows = await db
        .selectFrom('segment_members as m')
        .innerJoin('segments as s', (j) =>
          j.onRef('s.workspace_id', '=', 'm.workspace_id').onRef('s.id', '=', 'm.segment_id'),
        )
        .select(['m.person_id', 'm.segment_id', 's.name', 's.kind', 'm.entered_at', 'm.exited_at'])
        .where('m.workspace_id', '=', ws)
        .where('m.person_id', 'in', personIds)
        .orderBy('m.entered_at')
        .execute();
      return {
        memberships: rows.map((r) => ({
          personId: r.person_id,
          segmentId: r.segment_id,
          name: r.name,
          kind: r.kind,
          enteredAt: r.entered_at,
          exitedAt: r.exited_at,
        })),
      };
    },
  });
}
