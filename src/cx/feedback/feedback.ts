import type { CxBaseKernel } from '../kernel.ts';
import { FeedbackFeed } from './feed.ts';
import { TicketAnalysis } from './tickets.ts';

/**
 * Feedback from every source (issue 19, points 4, 5 and 7): the service desk's client messages
 * analysed like survey comments and mentions (tickets.ts), one feed of all three (feed.ts). Alerts
 * over all of it are the mention alerts' rules with `sources` (../mentions/alerts.ts).
 */
export class Feedback {
  readonly tickets: TicketAnalysis;
  readonly feed: FeedbackFeed;

  constructor(k: CxBaseKernel) {
    this.tickets = new TicketAnalysis(k);
    this.feed = new FeedbackFeed(k);
    this.tickets.wire();
  }
}
