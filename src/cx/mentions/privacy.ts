import type { Privacy } from '../../cdp/index.ts';

/**
 * GDPR: the public mentions linked to a person (through their author's identity) and the author
 * records themselves (handle, reach). Erase deletes both: an author's mentions go with the author.
 */
export function registerMentionsPersonData(privacy: Privacy) {
  privacy.registerModule('cx-mentions', {
    erase: async (trx, ws, ids) => {
      const m = await trx
        .deleteFrom('cx_mentions')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .executeTakeFirst();
      const a = await trx
        .deleteFrom('cx_mention_authors')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .executeTakeFirst();
      return { mentions: Number(m.numDeletedRows ?? 0n), mentionAuthors: Number(a.numDeletedRows ?? 0n) };
    },
    export: async (db, ws, ids) => ({
      mentionAuthors: await db
        .selectFrom('cx_mention_authors')
        .select(['id', 'network', 'handle', 'name', 'profile_url', 'followers', 'kol'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .execute(),
      mentions: await db
        .selectFrom('cx_mentions')
        .select(['id', 'source', 'url', 'title', 'text', 'published_at', 'sentiment', 'topics'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('published_at')
        .limit(10_000)
        .execute(),
    }),
  });
}
