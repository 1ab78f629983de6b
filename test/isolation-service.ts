/**
 * The service desk's part of the isolation fixture: records of workspace A that B must never
 * reach — an inbox, a conversation with a client's message, a team, canned responses, macros,
 * routing and automation rules, a business calendar and an SLA policy (the keys are the resource names of `isolation.paramResource` in
 * src/service/index.ts) — and the private strings they hold.
 */
import type { Post } from './isolation-crm.ts';

export async function serviceFixtures(post: Post): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const ids: Record<string, string> = {};
  const markers: string[] = [];
  const inbox = await post('/api/v1/inboxes', { name: 'A private inbox', channel: 'api' });
  if (!inbox?.id) throw new Error(`inbox fixture: ${JSON.stringify(inbox)}`);
  ids.inbox = inbox.id;
  const msg = await post(`/api/v1/inboxes/${inbox.id}/messages`, {
    from: { email: 'a-private-client@a.test', name: 'A Private-Client' },
    text: 'A private complaint text',
    subject: 'A private ticket subject',
    externalId: 'a-private-external-id',
  });
  if (!msg?.conversationId) throw new Error(`conversation fixture: ${JSON.stringify(msg)}`);
  ids.conversation = msg.conversationId;
  // A ticket opened on the client's behalf (POST /conversations): its subject and internal note.
  const opened = await post('/api/v1/conversations', {
    personId: msg.personId,
    subject: 'A private opened ticket',
    note: 'A private opening note',
  });
  if (!opened?.id) throw new Error(`opened ticket fixture: ${JSON.stringify(opened)}`);
  const team = await post('/api/v1/teams', { name: 'A private team' });
  ids.team = team.id;
  const canned = await post('/api/v1/canned-responses', { title: 'A private canned', body: 'A private canned body' });
  ids.cannedResponse = canned.id;
  const macro = await post('/api/v1/macros', { name: 'A private macro', actions: { reply: 'A private macro reply' } });
  ids.macro = macro.id;
  const routing = await post('/api/v1/routing-rules', {
    name: 'A private routing rule',
    conditions: { keywords: ['a-private-keyword'] },
    actions: { teamId: team.id },
  });
  ids.routingRule = routing.id;
  const automation = await post('/api/v1/automation-rules', {
    name: 'A private automation rule',
    trigger: 'created',
    conditions: { keywords: ['a-private-auto-keyword'] },
    actions: { set: { priority: 'high' } },
  });
  ids.automationRule = automation.id;
  const calendar = await post('/api/v1/business-calendars', {
    name: 'A private calendar',
    timezone: 'Europe/Moscow',
    hours: { mon: [{ start: '09:00', end: '18:00' }] },
  });
  ids.businessCalendar = calendar.id;
  const policy = await post('/api/v1/sla-policies', {
    name: 'A private SLA policy',
    conditions: { topic: ['a-private-topic'] },
    firstResponseMinutes: 30,
    calendarId: calendar.id,
  });
  ids.slaPolicy = policy.id;
  const article = await post('/api/v1/kb/articles', {
    title: 'A private KB article',
    body: 'A private KB body',
    locale: 'en',
  });
  ids.kbArticle = article.id;
  for (const [k, v] of Object.entries(ids)) if (!v) throw new Error(`service fixture ${k} missing`);
  markers.push(
    'A private inbox',
    'a-private-client@a.test',
    'A Private-Client',
    'A private complaint text',
    'A private ticket subject',
    'A private opened ticket',
    'A private opening note',
    'A private team',
    'A private canned',
    'A private macro',
    'A private routing rule',
    'a-private-keyword',
    'A private automation rule',
    'A private calendar',
    'A private SLA policy',
    'A private KB article',
    'a-private-topic',
  );
  return { ids, markers };
}
