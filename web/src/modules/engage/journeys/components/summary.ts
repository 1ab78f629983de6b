import type { TFunction } from 'i18next';
import type { Entry, Step } from '../api.ts';

export interface Names {
  template: (id: string) => string | undefined;
  segment: (id: string) => string | undefined;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** One line under a step's title saying what it does, in the UI's words. */
export function summarize(t: TFunction, s: Step, names: Names): string {
  switch (s.type) {
    case 'wait':
      if (s.for)
        return 'event' in s.for
          ? t('journeys.summary.waitEvent', { event: s.for.event, timeout: s.timeout ?? '—' })
          : t('journeys.summary.waitSegment', { timeout: s.timeout ?? '—' });
      if (s.until) return t('journeys.summary.waitUntil', { time: s.until.time });
      return s.duration ? t('journeys.summary.waitDuration', { duration: s.duration }) : '';
    case 'branch':
      return t('journeys.summary.branch');
    case 'split':
      return t('journeys.summary.split', {
        shares: (s.branches ?? []).map((b) => `${b.key} ${b.share} %`).join(' / '),
      });
    case 'send':
      return s.templateId ? (names.template(s.templateId) ?? '') : '';
    case 'update_trait':
      return s.trait ? t('journeys.summary.update', { trait: s.trait, value: show(s.value) }) : '';
    case 'give_points':
      return s.points ? t('journeys.summary.points', { points: s.points }) : '';
    case 'create_task':
      return s.title ?? '';
    case 'webhook':
      return s.url ?? '';
    default:
      return '';
  }
}

export function summarizeEntry(t: TFunction, e: Entry, names: Names): string {
  if ('event' in e) return e.event ? t('journeys.entry.summaryEvent', { event: e.event }) : '';
  if ('segment' in e)
    return e.segment ? t('journeys.entry.summarySegment', { segment: names.segment(e.segment) ?? '…' }) : '';
  if ('dateTrait' in e) return t('journeys.entry.summaryDate', { trait: e.dateTrait });
  return t('journeys.entry.summaryApi');
}
