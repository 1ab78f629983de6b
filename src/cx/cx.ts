import type { CxBaseKernel } from './kernel.ts';
import { Surveys } from './surveys/surveys.ts';
import { Mentions } from './mentions/mentions.ts';

/** The module's service: what other modules and its routes call. */
export class Cx {
  readonly surveys: Surveys;
  readonly mentions: Mentions;
  constructor(k: CxBaseKernel) {
    this.surveys = new Surveys(k);
    this.mentions = new Mentions(k);
  }
}
