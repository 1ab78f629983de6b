import { defineModule } from '../core/module.ts';
import { Engage } from './engage.ts';
import { engageSettings } from './settings.ts';
import { engageRootRoutes, engageRoutes } from './routes.ts';
import type { EngageBaseKernel, EngageServices } from './kernel.ts';
import { seedEngageDemo } from './demo.ts';
import { seedCampaignsDemo } from './campaign-demo.ts';
import { seedJourneysDemo } from './journeys/journey-demo.ts';

/** Engage: messaging over every channel (issue 15); campaigns and journeys build on it. */
export const engage = defineModule<EngageServices, EngageBaseKernel>({
  name: 'engage',
  dependsOn: ['cdp', 'crm', 'loyalty'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: engageSettings,
  create: (k) => ({ engage: new Engage(k) }),
  routes: engageRoutes,
  rootRoutes: engageRootRoutes,
  // The sender finishes the batch in hand (its results written) before the database closes; then
  // the channels' pooled SMTP connections, SMPP sessions and the bounce receiver end.
  stop: async (k) => {
    // The journey claim in progress commits (or rolls back) before the sender and the database stop.
    await k.engage.journeys.runtime.stop();
    await k.engage.messages.stop();
    await k.engage.channels.close();
  },
  permissions: ['engage:read', 'engage:write'],
  // Channels, templates and last month's mailing, once the segments it targets exist (demo.ts);
  // then past campaigns with their control groups and a planted effect (campaign-demo.ts); then the
  // birthday and retention journeys, published (journeys/journey-demo.ts).
  demo: {
    finish: async (k, ctx) => {
      await seedEngageDemo(k, ctx);
      await seedCampaignsDemo(k, ctx);
      await seedJourneysDemo(k, ctx);
    },
  },
  webhookEntities: [
    ['channel', 'Channel'],
    ['template', 'Template'],
    ['broadcast', 'Broadcast'],
    ['campaign', 'Campaign'],
    ['journey', 'Journey'],
  ],
  webhookEventTypes: {
    'journey.published': 'A journey was published (a new version; it is active)',
    'journey.paused': 'A journey was paused (positions kept, no steps run)',
    'journey.resumed': 'A paused journey was resumed',
    'journey.archived': 'A journey was archived (everyone in flight exited)',
  },
  // Its `:id` routes → the resource the isolation test creates in workspace A (test/isolation-engage.ts).
  isolation: {
    paramResource: {
      '/api/v1/channels/:id': 'channel',
      '/api/v1/push-subscriptions/:id': 'pushSubscription',
      '/api/v1/templates/:id': 'template',
      '/api/v1/messages/:id': 'message',
      '/api/v1/broadcasts/:id': 'broadcast',
      '/api/v1/campaigns/:id': 'campaign',
      '/api/v1/journeys/:id': 'journey',
      '/api/v1/subscription-groups/:id': 'subscriptionGroup',
    },
  },
});

export type { EngageKernel, EngageServices } from './kernel.ts';
export type { Engage } from './engage.ts';
export type { Hold, HoldCheck } from './policy.ts';
