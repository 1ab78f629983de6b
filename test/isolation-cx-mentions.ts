/**
 * The mentions' part of the isolation fixture: a mention of workspace A (with its author), a mention
 * source, an alert rule and the alert it raised (the keys are the resource names of
 * `isolation.paramResource` in src/cx/mentions/wire.ts), and the private strings they hold.
 */
import type { Post } from './isolation-crm.ts';

export async function cxMentionsFixtures(
  post: Post,
  get: (url: string) => Promise<any>,
): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const source = await post('/api/v1/mention-sources', {
    name: 'A private mention source',
    kind: 'rss',
    url: 'http://127.0.0.1:9/a-private-feed.xml',
  });
  // Any negative mention in the current window raises it (no baseline, one is enough).
  const rule = await post('/api/v1/mention-alert-rules', {
    name: 'A private alert rule',
    scope: 'keyword',
    scopeValue: 'a-private-product',
    sigma: 0,
    minCount: 1,
  });
  const mention = await post('/api/v1/mentions', {
    source: 'a-private-forum',
    author: 'a-private-author',
    url: 'https://forum.example/a-private-thread',
    text: 'Ужасный a-private-product, всё сломалось, верните деньги! Terrible, awful, refund.',
  });
  const alerts = await get('/api/v1/mention-alerts');
  const alert = alerts?.data?.[0];
  if (!source?.id || !rule?.id || !mention?.id || !alert?.id)
    throw new Error(`mentions fixture: ${JSON.stringify({ source, rule, mention, alerts })}`);
  return {
    ids: { mention: mention.id, mentionSource: source.id, mentionAlertRule: rule.id, mentionAlert: alert.id },
    markers: [
      'A private mention source',
      'a-private-feed.xml',
      'A private alert rule',
      'a-private-product',
      'a-private-forum',
      'a-private-author',
      'a-private-thread',
      mention.author.id,
    ],
  };
}
