import { describe, expect, it } from 'vitest';
import { FEATURES } from '../src/insights/features.ts';
import en from '../web/src/modules/insights/i18n/en.ts';
import ru from '../web/src/modules/insights/i18n/ru.ts';

/**
 * A model's drivers are shown by feature name: a feature without a label falls back to its key in
 * words ("engagement drop"), English in the Russian UI — which a browser test met only when that
 * feature happened to lead an at-risk person's drivers.
 */
describe('insights: every model feature has a label in both languages', () => {
  it.each([
    ['en', en],
    ['ru', ru],
  ] as const)('%s', (_, strings) => {
    const labels = strings.insights.features as Record<string, string>;
    expect(FEATURES.map((f) => f.name).filter((name) => !labels[name]?.trim())).toEqual([]);
  });
});
