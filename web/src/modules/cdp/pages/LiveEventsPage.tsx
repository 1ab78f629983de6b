import { Alert, Anchor, Button, Card, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get } from '../../../api.ts';
import { EventTypeBadge, eventLabel } from '../components/EventTypeBadge.tsx';
import { curlSnippet } from '../components/snippets.ts';
import { fetchSources, SOURCES_KEY } from '../components/sources.ts';
import { CopyText } from '../../../components/CopyText.tsx';
import { IconAlert, IconChevron, IconChevronDown, IconPause, IconPlay, IconPulse } from '../../../components/icons.tsx';
import { JsonBlock } from '../../../components/JsonBlock.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { errorMessage } from '../../../notify.ts';
import type { CdpEvent, Page, Source } from '../../../types.ts';

const POLL_MS = 1000;
/** The debugger shows recent traffic; older events are in the profiles. */
const KEEP = 200;

/**
 * Event ids are time-ordered (uuid v7) and made when a request is read, before its transaction
 * commits, so a request read earlier can commit after a later one. Each poll therefore asks again
 * for this much before the newest event on screen, and drops what it already shows.
 */
const OVERLAP_MS = 10_000;
/** Events the first call shows. */
const FIRST_PAGE = 50;

/** A uuid v7 that sorts before every id made `backMs` before `id` was. */
export function idsSince(id: string, backMs: number): string {
  const ms = Math.max(0, parseInt(id.replace(/-/g, '').slice(0, 12), 16) - backMs);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/**
 * The first call fetches the latest events; every later one asks for what is newer than a little
 * before the newest event on screen (`after`, see OVERLAP_MS).
 */
function useLiveEvents(sourceId: string | null, paused: boolean) {
  const [events, setEvents] = useState<CdpEvent[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const newest = useRef<string | null>(null);
  /** When the first page was full, older events than its last are history, not news: later polls skip them. */
  const floor = useRef<string | null>(null);

  useEffect(() => {
    if (paused) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const after = newest.current ? idsSince(newest.current, OVERLAP_MS) : null;
        const page = await get<Page<CdpEvent>>('/events', { sourceId, after, limit: after ? 500 : FIRST_PAGE });
        if (stopped) return;
        if (!after && page.data.length >= FIRST_PAGE) floor.current = page.data[page.data.length - 1]!.id;
        if (page.data.length) {
          const top = page.data[0]!.id;
          if (!newest.current || top > newest.current) newest.current = top;
          setEvents((prev) => {
            const shown = new Set(prev.map((e) => e.id));
            const added = page.data.filter((e) => !shown.has(e.id) && (!floor.current || e.id >= floor.current));
            if (!added.length) return prev; // nothing new: the same list, no re-render
            return [...added, ...prev].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, KEEP);
          });
        }
        setLoaded(true);
        setError(null);
      } catch (e) {
        if (stopped) return;
        setError(e);
      }
      timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sourceId, paused]);

  return { events, loaded, error };
}

function EventRows({
  e,
  sourceName,
  open,
  onToggle,
}: {
  e: CdpEvent;
  sourceName: string;
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = eventLabel(e);
  return (
    <Fragment>
      <Table.Tr
        className="kt-clickable"
        onClick={onToggle}
        data-testid="live-event-row"
        data-type={e.type}
        data-event={e.event ?? ''}
        aria-expanded={open}
      >
        <Table.Td w={28} c="dimmed">
          {open ? <IconChevronDown size={14} /> : <IconChevron size={14} />}
        </Table.Td>
        <Table.Td>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {f.precise(e.occurredAt)}
          </Text>
        </Table.Td>
        <Table.Td>
          <EventTypeBadge type={e.type} />
        </Table.Td>
        <Table.Td maw={260}>
          <Text size="sm" fw={label ? 500 : undefined} c={label ? undefined : 'dimmed'} truncate>
            {label ?? '—'}
          </Text>
        </Table.Td>
        <Table.Td maw={280}>
          {e.userId ? (
            <Text size="sm" className="kt-mono" truncate data-testid="live-event-user">
              {e.userId}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" className="kt-mono" truncate data-testid="live-event-user">
              {e.anonymousId ? `${t('liveEvents.anonymous')} · ${e.anonymousId}` : '—'}
            </Text>
          )}
        </Table.Td>
        <Table.Td maw={180}>
          <Text size="sm" truncate>
            {sourceName}
          </Text>
        </Table.Td>
        <Table.Td ta="right">
          {e.personId && (
            <Anchor
              component={Link}
              to={`/people/${e.personId}`}
              size="sm"
              onClick={(ev) => ev.stopPropagation()}
              style={{ whiteSpace: 'nowrap' }}
              data-testid="live-event-profile"
            >
              {t('liveEvents.openProfile')}
            </Anchor>
          )}
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={7} bg="var(--mantine-color-gray-0)">
            <Text size="xs" c="dimmed" mb={4}>
              {t('liveEvents.message')}
            </Text>
            <JsonBlock value={e} maxHeight={420} testId="live-event-json" />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

function LiveTable({ sourceId, paused, sources }: { sourceId: string | null; paused: boolean; sources: Source[] }) {
  const { t } = useTranslation();
  const { events, loaded, error } = useLiveEvents(sourceId, paused);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const names = new Map(sources.map((s) => [s.id, s.name]));

  if (!loaded && error) return <ErrorState error={error} />;
  if (!loaded) return <PageLoader />;
  if (events.length === 0) {
    const keySource = sources.find((s) => s.id === sourceId) ?? sources.find((s) => !s.disabled) ?? null;
    return (
      <Card withBorder padding="xl">
        <Empty
          testId="live-events-empty"
          icon={<IconPulse size={28} />}
          title={sourceId ? t('liveEvents.emptyFiltered') : t('liveEvents.empty')}
          description={t('liveEvents.emptyText')}
        />
        <Stack maw={760} mx="auto" gap="xs">
          {sources.length === 0 ? (
            <Text size="sm" c="dimmed" ta="center">
              {t('liveEvents.noSources')}{' '}
              <Anchor component={Link} to="/data/sources">
                {t('nav.data.sources')}
              </Anchor>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {keySource ? t('liveEvents.keyFrom', { name: keySource.name }) : t('liveEvents.keyPlaceholder')}
            </Text>
          )}
          <CopyText value={curlSnippet(keySource?.writeKey ?? 'WRITE_KEY')} testId="live-events-curl" />
        </Stack>
      </Card>
    );
  }
  return (
    <Stack gap="xs">
      {error != null && (
        <Alert color="red" variant="light" icon={<IconAlert />} data-testid="live-events-error">
          {errorMessage(error)}
        </Alert>
      )}
      <Card withBorder padding={0}>
        <Table.ScrollContainer type="native" minWidth={900}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="live-events-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('liveEvents.time')}</Table.Th>
                <Table.Th>{t('liveEvents.type')}</Table.Th>
                <Table.Th>{t('liveEvents.event')}</Table.Th>
                <Table.Th>{t('liveEvents.who')}</Table.Th>
                <Table.Th>{t('liveEvents.source')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <EventRows
                  key={e.id}
                  e={e}
                  sourceName={names.get(e.sourceId) ?? t('liveEvents.deletedSource')}
                  open={open.has(e.id)}
                  onToggle={() =>
                    setOpen((prev) => {
                      const next = new Set(prev);
                      if (next.has(e.id)) next.delete(e.id);
                      else next.add(e.id);
                      return next;
                    })
                  }
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {events.length >= KEEP && (
        <Text size="xs" c="dimmed" ta="center">
          {t('liveEvents.showing', { n: KEEP })}
        </Text>
      )}
    </Stack>
  );
}

export function LiveEventsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sourceId = params.get('source');
  const [paused, setPaused] = useState(false);
  const sources = useQuery({ queryKey: SOURCES_KEY, queryFn: fetchSources });
  const list = sources.data?.data ?? [];

  const setSource = (id: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('source', id);
        else next.delete('source');
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t('nav.data.events')}
        description={t('liveEvents.description')}
        actions={
          <Button
            variant={paused ? 'filled' : 'default'}
            leftSection={paused ? <IconPlay size={14} /> : <IconPause size={14} />}
            onClick={() => setPaused((p) => !p)}
            data-testid="live-events-pause"
            aria-pressed={paused}
          >
            {paused ? t('liveEvents.resume') : t('liveEvents.pause')}
          </Button>
        }
      />
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={t('liveEvents.source')}
          placeholder={t('liveEvents.allSources')}
          data={list.map((s) => ({ value: s.id, label: s.name }))}
          value={sourceId}
          onChange={setSource}
          clearable
          searchable
          w={280}
          data-testid="live-events-source"
        />
        <Group gap={6} pb={8}>
          {paused ? (
            <Text size="xs" c="orange" data-testid="live-events-state">
              {t('liveEvents.pausedNote')}
            </Text>
          ) : (
            <>
              <Loader size={10} type="dots" />
              <Text size="xs" c="dimmed" data-testid="live-events-state">
                {t('liveEvents.live')}
              </Text>
            </>
          )}
        </Group>
      </Group>
      {sources.isPending ? (
        <PageLoader />
      ) : sources.isError ? (
        <ErrorState error={sources.error} onRetry={() => void sources.refetch()} />
      ) : (
        <LiveTable key={sourceId ?? 'all'} sourceId={sourceId} paused={paused} sources={list} />
      )}
    </>
  );
}
