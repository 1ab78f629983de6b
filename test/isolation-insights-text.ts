/**
 * Insights' text analysis part of the isolation fixture: a lexicon entry and a topic rule of
 * workspace A (keys: the resource names of `isolation.paramResource` in src/insights/index.ts).
 */
import type { Post } from './isolation-crm.ts';

export async function textFixtures(post: Post): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const entry = await post('/api/v1/text/lexicon', { term: 'a-private-lexicon-term', score: 2 });
  if (!entry?.id) throw new Error(`lexicon fixture: ${JSON.stringify(entry)}`);
  const rule = await post('/api/v1/text/topics', {
    key: 'a-private-topic',
    name: 'A private topic',
    keywords: ['a-private-topic-keyword'],
  });
  if (!rule?.id) throw new Error(`topic fixture: ${JSON.stringify(rule)}`);
  return {
    ids: { textLexiconEntry: entry.id, textTopicRule: rule.id },
    markers: ['a-private-lexicon-term', 'a-private-topic', 'a-private-topic-keyword'],
  };
}
