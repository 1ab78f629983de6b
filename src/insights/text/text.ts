import type { InsightsBaseKernel } from '../kernel.ts';
import { analyzeText, compileLexicon, type CompiledLexicon, type TextAnalysis } from './analyze-text.ts';
import { clusterTexts } from './cluster.ts';
import { TextStore } from './text-store.ts';

export type { TextAnalysis } from './analyze-text.ts';

/** Workspaces whose compiled lexicon is kept; the least recently compiled is dropped beyond it. */
const CACHE_SIZE = 200;

/**
 * Offline text analysis, RU and EN: language, sentiment (lexicon + morphology + negation + complaint
 * rules), topics; the workspace's lexicons. Ticket messages, survey verbatims and mentions use it.
 * A workspace's compiled lexicon is cached in the process and dropped when its entries or rules
 * change through `store` (this process; another server process sees a change on its next compile).
 */
export class TextAnalyzer {
  readonly store: TextStore;
  private readonly cache = new Map<string, Promise<CompiledLexicon>>();

  constructor(readonly k: InsightsBaseKernel) {
    this.store = new TextStore(k.db, (ws) => this.cache.delete(ws));
  }

  /** The compiled lexicon of a workspace: built-in words and topics with its own entries on top. */
  lexicon(workspaceId: string): Promise<CompiledLexicon> {
    let p = this.cache.get(workspaceId);
    if (!p) {
      p = this.compile(workspaceId);
      p.catch(() => this.cache.delete(workspaceId));
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(workspaceId, p);
    }
    return p;
  }

  private async compile(ws: string): Promise<CompiledLexicon> {
    const [entries, rules] = await Promise.all([this.store.allEntries(ws), this.store.listRules(ws)]);
    return compileLexicon(entries, rules);
  }

  /** Analyses one text with the workspace's lexicons and topic rules. */
  async analyze(workspaceId: string, text: string): Promise<TextAnalysis> {
    return analyzeText(text, await this.lexicon(workspaceId));
  }

  /** Topic discovery over texts (k-means on TF-IDF of stems), with the workspace's lexicon and topics. */
  async cluster(workspaceId: string, texts: string[], k?: number) {
    return clusterTexts(texts, { k, lexicon: await this.lexicon(workspaceId) });
  }

  /** Analyses many texts with one lexicon load (synchronous per text; no I/O after the first). */
  async analyzeMany(workspaceId: string, texts: string[]): Promise<TextAnalysis[]> {
    const lexicon = await this.lexicon(workspaceId);
    return texts.map((t) => analyzeText(t, lexicon));
  }
}
