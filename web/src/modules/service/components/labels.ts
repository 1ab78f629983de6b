import type { TFunction } from 'i18next';

/** A file's size in the UI's words (bytes, KB, MB). */
export function fileSize(t: TFunction, n: number): string {
  if (n < 1024) return t('service.units.bytes', { n });
  if (n < 1024 * 1024) return t('service.units.kb', { n: Math.round(n / 1024) });
  return t('service.units.mb', { n: (n / 1048576).toFixed(1) });
}

/** A duration in minutes/hours/days, for waiting times and report medians (seconds in). */
export function duration(t: TFunction, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < 60) return t('service.units.seconds', { n: Math.round(s) });
  if (s < 3600) return t('service.units.minutes', { n: Math.round(s / 60) });
  if (s < 86400 * 2) return t('service.units.hours', { n: Math.round((s / 3600) * 10) / 10 });
  return t('service.units.days', { n: Math.round((s / 86400) * 10) / 10 });
}
