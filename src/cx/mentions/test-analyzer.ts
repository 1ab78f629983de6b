import type { TextAnalysis } from '../../insights/index.ts';

/**
 * A fixed stand-in for insights' analyser in the mentions' tests: they test what the mentions do
 * with an analysis (store, filter, alert), not the analysis itself (insights' own tests and
 * bench/sentiment measure that). Negative: "ужас", "гнил", "верните", "terrible", "rotten",
 * "refund"; positive: "отлич", "great", "love"; topics by stem.
 */
export function fixedAnalysis(text: string): TextAnalysis {
  const neg = /ужас|гнил|верните|плох|terrible|rotten|refund|awful/i.test(text);
  const pos = !neg && /отлич|great|love|спасибо/i.test(text);
  const topics: string[] = [];
  if (/доставк|курьер|deliver/i.test(text)) topics.push('delivery');
  if (/гнил|свеж|rotten|fresh/i.test(text)) topics.push('freshness');
  return {
    language: /[а-яё]/i.test(text) ? 'ru' : /[a-z]/i.test(text) ? 'en' : 'und',
    sentiment: neg
      ? { label: 'negative', score: -0.8 }
      : pos
        ? { label: 'positive', score: 0.7 }
        : { label: 'neutral', score: 0 },
    topics,
    complaint: /верните|refund/i.test(text),
    complaintReasons: /верните|refund/i.test(text) ? ['refund'] : [],
    matches: [],
  };
}
