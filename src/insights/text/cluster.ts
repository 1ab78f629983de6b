import { createRequire } from 'node:module';
import { kmeans } from 'ml-kmeans';
import { analyzeText, builtinLexicon, type CompiledLexicon } from './analyze-text.ts';
import { NEGATORS } from './builtin-modifiers.ts';
import { stripHtml, tokenize } from './normalize.ts';
import { stem } from './stem.ts';

const require = createRequire(import.meta.url);
const { StopwordsRu } = require('@nlpjs/lang-ru') as { StopwordsRu: new () => { dictionary: Record<string, unknown> } };

/** The most texts one clustering takes, the characters read of each, the vocabulary kept. */
export const MAX_CLUSTER_TEXTS = 1000;
const CHARS_PER_TEXT = 2000;
const VOCABULARY = 500;

const STOP = new Set([
  ...Object.keys(new StopwordsRu().dictionary),
  ...'это эта этот эти все всё еще уже вот тут там ну вы мы они она оно мне меня нам вам вас нас был была было были буду будет очень просто даже чтобы когда потом раз так также'.split(
    ' ',
  ),
  ...'the a an and or but if of to in on at for with from by is are was were be been it its this that these those i me my we our you your they them their he she his her have has had do does did will would can could not no so very just about than then there here what when how which who also get got'.split(
    ' ',
  ),
  ...NEGATORS,
]);

export interface Cluster {
  id: number;
  size: number;
  /** The words that make the cluster (highest weight in its centre), as the texts spell them. */
  terms: string[];
  /** Indexes of up to three texts closest to the centre. */
  examples: number[];
  /** Share of its texts analysed as negative, 0..1. */
  negativeShare: number;
  /** Topic keys most of its texts carry (known topics), most frequent first. */
  topics: string[];
}

/**
 * Topic discovery: k-means (ml-kmeans, k-means++, fixed seed: the same texts give the same clusters)
 * on TF-IDF vectors of stems, L2-normalised so distance follows cosine similarity. Texts without a
 * content word are left out (assignment −1). k defaults to √(n/2), between 2 and 10. Words of the
 * sentiment lexicon are no features, so texts group by subject rather than by mood.
 */
export function clusterTexts(
  texts: string[],
  opts: { k?: number; lexicon?: CompiledLexicon } = {},
): { clusters: Cluster[]; assignments: number[] } {
  const lexicon = opts.lexicon ?? builtinLexicon();
  const docs = texts.map((t) => {
    const counts = new Map<string, number>();
    const surface = new Map<string, string>();
    for (const tok of tokenize(stripHtml(t.slice(0, CHARS_PER_TEXT * 2)).slice(0, CHARS_PER_TEXT))) {
      if (tok.kind !== 'word' || tok.text.length < 3 || STOP.has(tok.text)) continue;
      const s = stem(tok.text);
      // Clusters are about what people write of, not how they feel: sentiment words stay out.
      if (lexicon.exact.get(tok.text) || lexicon.stems.get(s)) continue;
      counts.set(s, (counts.get(s) ?? 0) + 1);
      if (!surface.has(s)) surface.set(s, tok.text);
    }
    return { counts, surface };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const s of d.counts.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  const vocab = [...df.entries()]
    .filter(([, n]) => n >= 2 && n < Math.max(3, docs.length * 0.6))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, VOCABULARY)
    .map(([s]) => s);
  const col = new Map(vocab.map((s, i) => [s, i]));
  const idf = vocab.map((s) => Math.log((1 + docs.length) / (1 + (df.get(s) ?? 0))) + 1);
  const rows: number[][] = [];
  const rowOf: number[] = [];
  docs.forEach((d, i) => {
    const v = new Array<number>(vocab.length).fill(0);
    let any = false;
    for (const [s, c] of d.counts) {
      const j = col.get(s);
      if (j === undefined) continue;
      v[j] = (1 + Math.log(c)) * idf[j];
      any = true;
    }
    if (!any) return;
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    rows.push(v.map((x) => x / norm));
    rowOf.push(i);
  });
  const assignments = texts.map(() => -1);
  if (rows.length < 2) return { clusters: [], assignments };
  const k = Math.max(2, Math.min(opts.k ?? Math.round(Math.sqrt(rows.length / 2)), 10, rows.length));
  const fit = kmeans(rows, k, { seed: 42, initialization: 'kmeans++', maxIterations: 100 });
  fit.clusters.forEach((c, r) => {
    assignments[rowOf[r]] = c;
  });
  const analyses = new Map<number, ReturnType<typeof analyzeText>>();
  const clusters: Cluster[] = [];
  for (let c = 0; c < k; c++) {
    const members = fit.clusters.map((x, r) => (x === c ? r : -1)).filter((r) => r >= 0);
    if (members.length === 0) continue;
    const centre = fit.centroids[c];
    const terms = centre
      .map((w, j) => [w, j] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 5)
      .filter(([w]) => w > 0)
      .map(([, j]) => {
        const s = vocab[j];
        for (const r of members) {
          const word = docs[rowOf[r]].surface.get(s);
          if (word) return word;
        }
        return s;
      });
    const dist = (r: number) => rows[r].reduce((a, x, j) => a + (x - centre[j]) ** 2, 0);
    const examples = [...members]
      .sort((a, b) => dist(a) - dist(b))
      .slice(0, 3)
      .map((r) => rowOf[r]);
    const topicCount = new Map<string, number>();
    let negative = 0;
    for (const r of members) {
      const i = rowOf[r];
      let a = analyses.get(i);
      if (!a) {
        a = analyzeText(texts[i].slice(0, CHARS_PER_TEXT), lexicon);
        analyses.set(i, a);
      }
      if (a.sentiment.label === 'negative') negative++;
      for (const tp of a.topics) topicCount.set(tp, (topicCount.get(tp) ?? 0) + 1);
    }
    const topics = [...topicCount.entries()]
      .filter(([, n]) => n * 3 >= members.length)
      .sort((a, b) => b[1] - a[1])
      .map(([tp]) => tp);
    clusters.push({ id: c, size: members.length, terms, examples, negativeShare: negative / members.length, topics });
  }
  clusters.sort((a, b) => b.size - a.size);
  return { clusters, assignments };
}
