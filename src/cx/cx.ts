import type { CxBaseKernel } from './kernel.ts';
import { Surveys } from './surveys/surveys.ts';
import { Mentions } from './mentions/mentions.ts';
import { Feedback } from './feedback/feedback.ts';

/** The module's service: what other modules and its routes call. */
export class Cx {
  readonly surveys: Surveys;
  readonly mentions: Mentions;
  /** Ticket messages analysed, the feed of all feedback (feedback/). */
  readonly feedback: Feedback;
  constructor(k: CxBaseKernel) {
    this.surveys = new Surveys(k);
    this.mentions = new Mentions(k);
    this.feedback = new Feedback(k);
  }
}
