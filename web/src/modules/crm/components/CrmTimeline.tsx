import { Badge, Card, Group, Select, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import type { Page } from '../../../types.ts';
import { EventTypeBadge, eventLabel, showValue } from '../../cdp/index.ts';
import { IconChevron, IconChevronDown, IconPulse } from '../../../components/icons.tsx';
import { JsonBlock } from '../../../components/JsonBlock.tsx';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import type { TimelineItem } from './people-api.ts';
import { consentSource } from './ConsentsPanel.tsx';
import type { TFunction } from 'i18next';

const TRACKED = ['track', 'page', 'screen', 'identify', 'group', 'alias'];
const CRM_COLORS: Record<string, string> = { change: 'gray', activity: 'indigo', deal: 'green', consent: 'orange' };

function CrmTypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  const label: Record<string, string> = {
    change: t('crm.common.timeline.changes'),
    activity: t('crm.common.timeline.activities'),
    deal: t('crm.common.timeline.deals'),
    consent: t('crm.common.timeline.consents'),
  };
  if (!CRM_COLORS[type]) return <EventTypeBadge type={type} />;
  return (
    <Badge color={CRM_COLORS[type]} variant="light" tt="none" data-testid={`event-type-${type}`}>
      {label[type]}
    </Badge>
  );
}

/** What a CRM entry was, in words (“Deal won”, “Call”); tracked events keep their own names. */
function title(e: TimelineItem, t: (k: any, o?: any) => string): string | null {
  if (!CRM_COLORS[e.type] || !e.event) return eventLabel(e);
  if (e.type === 'activity' && !e.event.includes('.'))
    return t(`crm.activities.kinds.${e.event}`, { defaultValue: e.event });
  return t(`crm.common.timeline.events.${e.event.replace(/\./g, '_')}`, { defaultValue: e.event });
}

/** One line about an entry: what happened, in words, rather than raw properties. */
function summary(e: TimelineItem, t: (k: any, o?: any) => string): string {
  const p = e.properties ?? {};
  if (e.type === 'change') {
    if (e.event === 'person.deleted') return t('crm.common.restore.timelineDeleted');
    if (e.event === 'person.restored') return t('crm.common.restore.timelineRestored');
    const fields = p.fields && typeof p.fields === 'object' ? Object.keys(p.fields as object) : [];
    // The changed fields by their names on the form, not their API names (phones, ownerId…).
    const section =
      ({ company: 'companies', deal: 'deals' } as Record<string, string>)[e.event?.split('.')[0] ?? ''] ?? 'people';
    const names = fields.map((f) => t(`crm.${section}.fields.${f}`, { defaultValue: f }));
    return names.length ? t('crm.common.timeline.fields', { fields: names.join(', ') }) : '';
  }
  if (e.type === 'deal') {
    const parts = [
      p.title,
      p.fromStage && p.toStage ? t('crm.common.timeline.stage', { from: p.fromStage, to: p.toStage }) : null,
      p.amount != null ? showValue(p.amount) : null,
    ];
    return parts.filter(Boolean).map(String).join(' · ');
  }
  if (e.type === 'activity') {
    // A call the PBX logged has no subject: its direction and number say what it was, in the UI's language.
    const call = p.kind === 'call' || p.kind === 'email';
    const title =
      p.subject || (call && typeof p.direction === 'string' ? t(`crm.activities.direction.${p.direction}`) : null);
    const outcome =
      typeof p.outcome === 'string' && p.outcome
        ? t(`crm.activities.outcomes.${p.outcome}`, { defaultValue: p.outcome })
        : null;
    return [title, call ? p.phone : null, p.body, outcome].filter((x) => typeof x === 'string' && x).join(' · ');
  }
  if (e.type === 'consent')
    // Channel, purpose and source in words (“Email · Реклама · Форма на сайте”), not `email · marketing · web_form`.
    return [
      typeof p.channel === 'string'
        ? t(`crm.people.consents.channels.${p.channel}`, { defaultValue: p.channel })
        : null,
      typeof p.purpose === 'string'
        ? t(`crm.people.consents.purposes.${p.purpose}`, { defaultValue: p.purpose })
        : null,
      typeof p.source === 'string' ? consentSource(t as TFunction, p.source) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  return Object.entries(p)
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${showValue(v)}`)
    .join(' · ');
}

/**
 * A timeline filtered on the server (`?types=`): CRM changes, activities, deals, consents and,
 * for people, the tracked events. `queryKey` is the cache prefix the page invalidates on changes.
 */
export function CrmTimeline({
  path,
  queryKey,
  withTracked = true,
  testId = 'person-timeline',
}: {
  path: string;
  queryKey: readonly unknown[];
  withTracked?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [filter, setFilter] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const types = filter === 'tracked' ? TRACKED.join(',') : (filter ?? undefined);
  const q = useInfiniteQuery({
    queryKey: [...queryKey, types ?? 'all'],
    queryFn: ({ pageParam }) => get<Page<TimelineItem>>(path, { cursor: pageParam, limit: 50, types }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const crmItems = [
    { value: 'activity', label: t('crm.common.timeline.activities') },
    { value: 'deal', label: t('crm.common.timeline.deals') },
    { value: 'change', label: t('crm.common.timeline.changes') },
    { value: 'consent', label: t('crm.common.timeline.consents') },
  ];
  const data = withTracked
    ? [
        { group: t('crm.common.timeline.crmGroup'), items: crmItems },
        {
          group: t('crm.common.timeline.trackedGroup'),
          items: [
            { value: 'tracked', label: t('crm.common.timeline.tracked') },
            ...TRACKED.map((x) => ({ value: x, label: t(`eventTypes.${x}` as 'eventTypes.track') })),
          ],
        },
      ]
    : [
        {
          group: t('crm.common.timeline.crmGroup'),
          items: crmItems.filter((x) => x.value === 'activity' || x.value === 'deal'),
        },
      ];

  return (
    <Card withBorder padding="lg" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('crm.common.timeline.title')}</Title>
        <Select
          placeholder={t('crm.common.timeline.all')}
          aria-label={t('crm.common.timeline.type')}
          data={data}
          value={filter}
          onChange={setFilter}
          clearable
          w={220}
          size="xs"
          data-testid="timeline-type"
        />
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="timeline-empty"
          icon={<IconPulse size={28} />}
          title={filter ? t('crm.common.timeline.emptyFiltered') : t('crm.common.timeline.empty')}
        />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="timeline-table">
            <Table.Tbody>
              {rows.map((e) => {
                const isOpen = open === e.id;
                const line = summary(e, t);
                return (
                  <Fragment key={e.id}>
                    <Table.Tr
                      className="kt-clickable"
                      onClick={() => setOpen(isOpen ? null : e.id)}
                      data-testid="timeline-entry"
                      data-type={e.type}
                      data-event={e.event ?? ''}
                      data-source-kind={e.source?.kind ?? ''}
                    >
                      <Table.Td w={24} c="dimmed">
                        {isOpen ? <IconChevronDown size={14} /> : <IconChevron size={14} />}
                      </Table.Td>
                      <Table.Td w={170}>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {f.precise(e.occurredAt)}
                        </Text>
                        {e.source && (
                          <Text size="xs" c="dimmed" truncate maw={170}>
                            {e.source.name ?? e.source.kind ?? e.source.id.slice(0, 8)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td w={110}>
                        <CrmTypeBadge type={e.type} />
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 0, width: '100%' }}>
                        <Text size="sm" fw={500} truncate data-testid="timeline-title">
                          {title(e, t) ?? '—'}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          {line || '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    {isOpen && (
                      <Table.Tr>
                        <Table.Td colSpan={4} bg="var(--mantine-color-gray-0)">
                          <JsonBlock value={e} maxHeight={360} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
    </Card>
  );
}
