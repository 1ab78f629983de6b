/**
 * Engage's part of the isolation fixture: records of workspace A that B must never reach. Each
 * section belongs to one part of engage; add the records your routes' `:id` parameters point at
 * (the key set in `ids` is the resource name in `isolation.paramResource` of src/engage/index.ts)
 * and the private strings they hold (markers: B's responses must never contain them).
 */
import { createECDH } from 'node:crypto';
import type { Post } from './isolation-crm.ts';

export async function engageFixtures(
  post: Post,
  get: (url: string) => Promise<any>,
): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const ids: Record<string, string> = {};
  const markers: string[] = [];

  // ---- channels
  {
    const channel = await post('/api/v1/channels', {
      type: 'email',
      name: 'A private channel',
      // An address literal: no DNS at configuration time, and public, so the default policy allows it.
      config: {
        host: '8.8.8.8',
        port: 25,
        secure: false,
        from: 'A Private <a-private-sender@a.test>',
        user: 'a-private-user',
        password: 'a-private-smtp-password',
      },
    });
    if (!channel?.id) throw new Error(`channel fixture: ${JSON.stringify(channel)}`);
    ids.channel = channel.id;
    markers.push(channel.id, 'A private channel', 'a-private-sender@a.test', 'a-private-smtp-password');
  }

  // ---- push subscriptions (a person of A with a browser subscribed)
  {
    const person = await post('/api/v1/people', { firstName: 'A Push-Private' });
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: 'a-private-push-auth-0000' };
    // A public address literal: no DNS when it is stored.
    const endpoint = 'https://8.8.8.8/push/a-private-push-endpoint';
    const sub = await post(`/api/v1/people/${person.id}/push-subscriptions`, { endpoint, keys });
    if (!sub?.id) throw new Error(`push subscription fixture: ${JSON.stringify(sub)}`);
    ids.pushSubscription = sub.id;
    markers.push(sub.id, 'a-private-push-endpoint', keys.p256dh, keys.auth);
  }

  // ---- templates (a version's content is private too)
  {
    const template = await post('/api/v1/templates', {
      channel: 'email',
      name: 'A private template',
      subject: 'A private subject',
      body: '<p>A private body {{ person.firstName }}</p>',
    });
    if (!template?.id) throw new Error(`template fixture: ${JSON.stringify(template)}`);
    ids.template = template.id;
    markers.push(template.id, 'A private template', 'A private subject', 'A private body');
  }

  // ---- broadcasts and subscription groups (tracking, broadcasts, stats)
  {
    const list = await post('/api/v1/segments', { name: 'A private broadcast list', kind: 'list' });
    const broadcast = await post('/api/v1/broadcasts', {
      name: 'A private broadcast',
      segmentId: list.id,
      channelId: ids.channel,
      templateId: ids.template,
    });
    if (!broadcast?.id) throw new Error(`broadcast fixture: ${JSON.stringify(broadcast)}`);
    ids.broadcast = broadcast.id;
    const group = await post('/api/v1/subscription-groups', {
      name: 'A private topic',
      description: 'A private topic text',
    });
    if (!group?.id) throw new Error(`subscription group fixture: ${JSON.stringify(group)}`);
    ids.subscriptionGroup = group.id;
    markers.push(broadcast.id, 'A private broadcast', group.id, 'A private topic');
  }

  // ---- campaigns (a draft over the same list: nothing is sent)
  {
    const list = await post('/api/v1/segments', { name: 'A private campaign list', kind: 'list' });
    const campaign = await post('/api/v1/campaigns', {
      name: 'A private campaign',
      goal: 'A private campaign goal',
      segmentId: list.id,
      controlPercent: 10,
      steps: [{ channelId: ids.channel, templateId: ids.template }],
      conversionEvent: 'A Private Conversion',
      attributionWindow: '7d',
    });
    if (!campaign?.id) throw new Error(`campaign fixture: ${JSON.stringify(campaign)}`);
    ids.campaign = campaign.id;
    markers.push(campaign.id, 'A private campaign', 'A private campaign goal', 'A Private Conversion');
  }

  // ---- journeys (published, with a person of A in flight on a long wait: nothing is sent)
  {
    const journey = await post('/api/v1/journeys', {
      name: 'A private journey',
      description: 'A private journey description',
      definition: {
        entry: { api: true },
        goal: { event: 'A Private Journey Goal' },
        steps: [
          { id: 'a-private-wait', type: 'wait', duration: '30d' },
          { id: 'send', type: 'send', channelId: ids.channel, templateId: ids.template },
        ],
      },
    });
    if (!journey?.id) throw new Error(`journey fixture: ${JSON.stringify(journey)}`);
    await post(`/api/v1/journeys/${journey.id}/publish`, {});
    const person = await post('/api/v1/people', { firstName: 'A Journey-Private' });
    await post(`/api/v1/journeys/${journey.id}/enter`, { personId: person.id });
    ids.journey = journey.id;
    markers.push(journey.id, 'A private journey', 'A private journey description', 'A Private Journey Goal');
  }

  // ---- messages (the ledger): a person of A without consent, so nothing is sent anywhere
  {
    const person = await post('/api/v1/people', {
      firstName: 'A Message-Private',
      email: 'a-private-recipient@a.test',
    });
    const message = await post('/api/v1/messages', {
      personId: person.id,
      channelId: ids.channel,
      templateId: ids.template,
      data: { secret: 'a-private-message-data' },
    });
    if (!message?.id) throw new Error(`message fixture: ${JSON.stringify(message)}`);
    ids.message = message.id;
    // Settled before A's snapshot: its ending (suppressed, no consent) writes A's timeline.
    for (let i = 0; i < 300; i++) {
      const m = await get(`/api/v1/messages/${message.id}`);
      if (!['queued', 'sending'].includes(m.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    markers.push(message.id, 'a-private-recipient@a.test', 'a-private-message-data');
  }

  return { ids, markers };
}
