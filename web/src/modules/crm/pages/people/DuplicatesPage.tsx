import { Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, post } from '../../../../api.ts';
import { MergeDialog } from '../../components/MergeDialog.tsx';
import { displayName, DUPLICATES_KEY, type CrmPerson, type DuplicatePair } from '../../components/people-api.ts';
import { StageBadge } from '../../components/StageBadge.tsx';
import { IconArrowLeft, IconPeople } from '../../../../components/icons.tsx';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import type { Page } from '../../../../types.ts';

function Side({ p }: { p: CrmPerson }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/people/${p.id}`} fw={500} size="sm" className="kt-ellipsis">
          {displayName(p) ?? t('crm.people.noName')}
        </Anchor>
        <StageBadge stage={p.lifecycleStage} />
      </Group>
      {[p.emails.join(', '), p.phones.join(', '), [p.company?.name, p.city].filter(Boolean).join(' · ')]
        .filter(Boolean)
        .map((line) => (
          <Text key={line} size="xs" c="dimmed" truncate>
            {line}
          </Text>
        ))}
      <Text size="xs" c="dimmed">
        {t('crm.common.createdAt')} {f.date(p.createdAt)}
      </Text>
    </Stack>
  );
}

/** Likely duplicates (same email, phone, or name at the same company): merge field by field, or dismiss. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const q = useInfiniteQuery({
    queryKey: [...DUPLICATES_KEY],
    queryFn: ({ pageParam }) =>
      get<Page<DuplicatePair> & { scan?: { rowsScanned: number } }>('/people/duplicates', {
        cursor: pageParam,
        limit: 25,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const dismiss = useApiMutation({
    mutationFn: (d: DuplicatePair) => post('/people/duplicates/dismiss', { a: d.a.id, b: d.b.id }),
    success: t('crm.people.dupes.dismissed'),
    invalidate: [DUPLICATES_KEY],
  });
  const pairs = q.data?.pages.flatMap((p) => p.data) ?? [];
  // Each request scans a bounded slice of the people (the server caps its work), so a page can be
  // short or empty with more to scan: keep scanning until a screenful is found (at most 40 requests
  // on their own; then "Load more" goes on).
  const scanned = q.data?.pages.reduce((n, p) => n + (p.scan?.rowsScanned ?? 0), 0) ?? 0;
  const pagesLoaded = q.data?.pages.length ?? 0;
  const scanning = !!q.hasNextPage && pairs.length < 25 && pagesLoaded < 40;
  useEffect(() => {
    if (scanning && !q.isFetching) void q.fetchNextPage();
  }, [scanning, q.isFetching, pagesLoaded]); // eslint-disable-line react-hooks/exhaustive-deps
  const writable = can('crm:write');

  return (
    <Stack data-testid="duplicates-page">
      <Anchor component={Link} to="/people" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('person.back')}
        </Group>
      </Anchor>
      <PageHeader title={t('crm.people.dupes.title')} description={t('crm.people.dupes.description')} />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : pairs.length === 0 && scanning ? (
        <Group gap="xs" data-testid="duplicates-scanning">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {t('crm.people.dupes.scanning', { count: scanned })}
          </Text>
        </Group>
      ) : pairs.length === 0 && !q.hasNextPage ? (
        <Empty
          testId="duplicates-empty"
          icon={<IconPeople size={28} />}
          title={t('crm.people.dupes.empty')}
          description={t('crm.people.dupes.emptyText')}
        />
      ) : (
        <Stack gap="sm">
          {pairs.map((d) => (
            <Card key={`${d.a.id}:${d.b.id}`} withBorder padding="md" data-testid="duplicate-pair">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <SimpleGrid cols={2} spacing="lg" style={{ flex: 1, minWidth: 0 }}>
                  <Side p={d.a} />
                  <Side p={d.b} />
                </SimpleGrid>
                <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
                  <Group gap={4}>
                    {d.reasons.map((r) => (
                      <Badge key={r} variant="light" color="orange" tt="none" data-testid={`dupe-reason-${r}`}>
                        {t(`crm.people.dupes.reasons.${r}` as 'crm.people.dupes.reasons.email', { defaultValue: r })}
                      </Badge>
                    ))}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('crm.people.dupes.score', { score: f.percent(d.score > 1 ? d.score / 100 : d.score) })}
                  </Text>
                  {writable && (
                    <Group gap={6}>
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={dismiss.isPending && dismiss.variables === d}
                        onClick={() => dismiss.mutate(d)}
                        data-testid="dupe-dismiss"
                      >
                        {t('crm.people.dupes.dismiss')}
                      </Button>
                      <Button size="compact-sm" color="orange" onClick={() => setMerging(d)} data-testid="dupe-merge">
                        {t('crm.people.dupes.merge')}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
      <MergeDialog
        a={merging?.a ?? null}
        b={merging?.b ?? null}
        opened={!!merging}
        onClose={() => setMerging(null)}
        onMerged={(p) => navigate(`/people/${p.id}`)}
      />
    </Stack>
  );
}
