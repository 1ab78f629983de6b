import type { ServiceBaseKernel } from '../kernel.ts';
import type { Service } from '../service.ts';
import { KnowledgeBase } from './articles.ts';
import { Bot } from '../bot/bot.ts';

declare module '../service.ts' {
  interface Service {
    /** Knowledge-base articles (kb/articles.ts). */
    kb: KnowledgeBase;
    /** The inboxes' bot (bot/bot.ts). */
    bot: Bot;
  }
}

/** The knowledge base and the bot on the service (the bot listens to client messages from now on). */
export function attachKbBot(k: ServiceBaseKernel, service: Service): void {
  const kb = new KnowledgeBase(k);
  Object.assign(service, { kb });
  Object.assign(service, { bot: new Bot(k, service) });
}
