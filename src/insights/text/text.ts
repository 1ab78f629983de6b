import type { InsightsBaseKernel } from '../kernel.ts';

/** What the analysis of one text gives (POST /api/v1/text/analyze, issue 19). */
export interface TextAnalysis {
  /** ISO 639-1 (`ru`, `en`, …), or `und` when it cannot be told (emoji only, too short). */
  language: string;
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number };
  /** Topic keys matched by the workspace's rules (and clusters). */
  topics: string[];
  /** A complaint phrase ("верните деньги", "refund", "не работает") was found. */
  complaint: boolean;
}

/**
 * Offline text analysis, RU and EN: language, sentiment (lexicon + morphology + negation + complaint
 * rules), topics; the workspace's lexicons. Ticket messages, survey verbatims and mentions use it.
 */
export class TextAnalyzer {
  constructor(readonly k: InsightsBaseKernel) {}

  /** Analyses one text with the workspace's lexicons and topic rules. */
  async analyze(_workspaceId: string, _text: string): Promise<TextAnalysis> {
    // Being built (issue 19, point 4): until then every text is neutral and untagged.
    return { language: 'und', sentiment: { label: 'neutral', score: 0 }, topics: [], complaint: false };
  }
}
