import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { identify: 'grape', track: 'blue', page: 'teal', screen: 'cyan', group: 'orange', alias: 'pink' };

/** What the CRM records itself (changes, activities, deals, consents): named in words. */
const CRM_TYPES: Record<string, string> = { change: 'changes', activity: 'activities', deal: 'deals', consent: 'consents' };

/** Segment message types are protocol words (identify, track…), shown as such in both languages; the CRM's own types are named in words. */
export function EventTypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  const crm = CRM_TYPES[type];
  return (
    <Badge color={COLORS[type] ?? 'gray'} variant="light" tt="none" data-testid={`event-type-${type}`}>
      {crm ? t(`crm.common.timeline.${crm}` as 'crm.common.timeline.changes') : type}
    </Badge>
  );
}

/** What to call a message in a list: the event name, else the page/screen name, else who an identify names (the timeline gives its traits as properties), else nothing. */
export function eventLabel(m: { type: string; event: string | null; properties?: Record<string, unknown> | null }): string | null {
  if (m.event) return m.event;
  if (m.type === 'identify') {
    const who = [m.properties?.name, m.properties?.email, m.properties?.phone].find((v) => typeof v === 'string' && v);
    return (who as string | undefined) ?? null;
  }
  const name = m.properties?.name ?? m.properties?.title;
  if ((m.type === 'page' || m.type === 'screen') && typeof name === 'string' && name) return name;
  if (m.type === 'page' && typeof m.properties?.path === 'string') return m.properties.path;
  return null;
}
