import { defineModule } from '../core/module.ts';
import { Service } from './service.ts';
import { serviceSettings } from './settings.ts';
import type { ServiceBaseKernel, ServiceServices } from './kernel.ts';
import { inboxesRoutes } from './inboxes-routes.ts';
import { conversationsRoutes } from './conversations-routes.ts';
import { routingRoutes } from './routing-routes.ts';
import { cannedRoutes } from './canned-routes.ts';
import { registerServicePersonData } from './privacy.ts';
import { channelJobs, channelRoutes, channelStop } from './channels/channels.ts';
import { attachSla, SLA_WEBHOOK_EVENT_TYPES, slaApiRoutes, slaRootRoutes } from './sla/wire.ts';
import { seedSlaDemo } from './sla/sla-demo.ts';
import { SERVICE_DEMO_USERS, seedServiceDemo } from './service-demo.ts';
import { attachKbBot } from './kb/wire.ts';
import { kbRoutes } from './kb/routes.ts';
import { seedKbBotDemo } from './kb/kb-demo.ts';

/**
 * The service desk (issue 18): inboxes on every channel, conversations (= tickets) with one
 * history per client across channels, replies through engage's channels, teams, routing,
 * canned responses, macros and automation. Its parts: src/service/README.md.
 */
export const service = defineModule<ServiceServices, ServiceBaseKernel>({
  name: 'service',
  dependsOn: ['cdp', 'crm', 'engage'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: serviceSettings,
  create: (k) => {
    const service = new Service(k);
    // SLA clocks and breaches, CSAT, marketing holds, reports, segment conditions (src/service/sla/wire.ts).
    attachSla(k, service);
    // The knowledge base and the inboxes' bot (kb/, bot/).
    attachKbBot(k, service);
    return { service };
  },
  routes: async (api, k) => {
    await inboxesRoutes(api, k);
    await conversationsRoutes(api, k);
    await routingRoutes(api, k);
    await cannedRoutes(api, k);
    await slaApiRoutes(api, k);
    await kbRoutes(api, k);
  },
  // The chat widget and its socket, the agents' live socket; the SMTP receiver and IMAP polling
  // in worker processes; all of it ended before the kernel closes (src/service/channels/channels.ts).
  rootRoutes: async (app, k) => {
    await channelRoutes(app, k);
    await slaRootRoutes(app, k);
  },
  jobs: channelJobs,
  stop: channelStop,
  permissions: ['service:read', 'service:write'],
  privacy: (k) => registerServicePersonData(k.privacy),
  webhookEntities: [
    ['conversation', 'Conversation'],
    ['inbox', 'Inbox'],
    ['sla_policy', 'SLA policy'],
    ['business_calendar', 'Business calendar'],
  ],
  webhookEventTypes: SLA_WEBHOOK_EVENT_TYPES,
  // The bank's SLA calendar and policies, clocks rebuilt from the week's conversations, CSAT answers.
  // The bank contact centre (service-demo.ts), then its SLA policies, clocks and CSAT (sla/sla-demo.ts).
  demo: {
    users: SERVICE_DEMO_USERS,
    finish: async (k, ctx) => {
      await seedServiceDemo(k, ctx);
      await seedSlaDemo(k, ctx);
      // The knowledge base, the bot on chat and Telegram, the clients' card data (kb/kb-demo.ts).
      await seedKbBotDemo(k, ctx);
    },
  },
  // Its `:id` routes → the resource the isolation test creates in workspace A (test/isolation.test.ts).
  isolation: {
    paramResource: {
      '/api/v1/inboxes/:id': 'inbox',
      '/api/v1/conversations/:id': 'conversation',
      '/api/v1/teams/:id': 'team',
      '/api/v1/routing-rules/:id': 'routingRule',
      '/api/v1/automation-rules/:id': 'automationRule',
      '/api/v1/canned-responses/:id': 'cannedResponse',
      '/api/v1/macros/:id': 'macro',
      '/api/v1/business-calendars/:id': 'businessCalendar',
      '/api/v1/sla-policies/:id': 'slaPolicy',
      '/api/v1/kb/articles/:id': 'kbArticle',
      // Public: the signed token is the credential (the isolation suite skips public routes).
      '/api/v1/csat/:token': 'csatToken',
    },
  },
});

export type { ServiceKernel, ServiceServices, ServiceBaseKernel } from './kernel.ts';
export type { Service, ConversationChange } from './service.ts';
export type { InboundServiceMessage, InboundResult } from './inbound.ts';
export { CONVERSATION_STATUSES, INBOX_CHANNELS, PRIORITIES } from './tables.ts';
