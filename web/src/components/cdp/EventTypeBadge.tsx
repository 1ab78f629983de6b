import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = { identify: 'grape', track: 'blue', page: 'teal', screen: 'cyan', group: 'orange', alias: 'pink' };

/** Segment message types are protocol words (identify, track…), shown as such in both languages. */
export function EventTypeBadge({ type }: { type: string }) {
  return (
    <Badge color={COLORS[type] ?? 'gray'} variant="light" tt="none" data-testid={`event-type-${type}`}>
      {type}
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
