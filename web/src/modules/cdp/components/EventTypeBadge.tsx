import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  identify: 'grape',
  track: 'blue',
  page: 'teal',
  screen: 'cyan',
  group: 'orange',
  alias: 'pink',
  segment: 'indigo',
  message: 'lime',
  loyalty: 'yellow',
  journey: 'violet',
  service: 'orange',
};

/** What the CRM records itself (changes, activities, deals, consents): named in words. */
const CRM_TYPES: Record<string, string> = {
  change: 'changes',
  activity: 'activities',
  deal: 'deals',
  consent: 'consents',
};

/** Segment's message types and `segment` (entered / left a segment), `message` (what messaging sent, delivered, opened…), `loyalty` (offers redeemed, points earned and spent), `journey` (a journey entered, its steps, left) (cdp `eventTypes`: "track" is «действие» in Russian) and the CRM's own types are named in the UI language; an unknown type is shown as it is. */
export function EventTypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  const crm = CRM_TYPES[type];
  const label = crm
    ? t(`crm.common.timeline.${crm}` as 'crm.common.timeline.changes')
    : COLORS[type]
      ? t(`eventTypes.${type}` as 'eventTypes.track')
      : type;
  return (
    <Badge color={COLORS[type] ?? 'gray'} variant="light" tt="none" data-testid={`event-type-${type}`}>
      {label}
    </Badge>
  );
}

/** What to call a message in a list: the event name, else the page/screen name, else who an identify names (the timeline gives its traits as properties), else nothing. */
export function eventLabel(m: {
  type: string;
  event: string | null;
  properties?: Record<string, unknown> | null;
}): string | null {
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
