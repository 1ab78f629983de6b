import { Alert, Anchor, Button, Card, Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { type AtRiskPerson, INSIGHTS_KEY, useActiveJourneys, useAtRisk } from '../api.ts';
import { InsightsTabs } from '../components/InsightsTabs.tsx';
import { useInsightsFormat } from '../components/labels.ts';
import { StartJourneyModal } from '../components/StartJourneyModal.tsx';

const THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.9] as const;

/**
 * /insights/at-risk: customers whose churn probability is at least the threshold, the highest
 * predicted value first (GET /insights/at-risk, paged), with their last order; the chosen ones can be
 * sent into a retention journey (engage:write) when the server has journeys.
 */
export function AtRiskPage() {
  const { t } = useTranslation();
  const fmt = useInsightsFormat();
  const { can } = useSession();
  const [minChurn, setMinChurn] = useState<number>(0.5);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [starting, setStarting] = useState(false);
  const q = useAtRisk(minChurn);
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const mayStart = can('engage:write') && can('engage:read');
  const journeys = useActiveJourneys(mayStart);
  const journeysAbsent = mayStart && journeys.isSuccess && journeys.data === null;
  const allShown = rows.length > 0 && rows.every((r) => selected.has(r.personId));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const action = mayStart && journeys.isSuccess && journeys.data && (
    <Button disabled={selected.size === 0} onClick={() => setStarting(true)} data-testid="at-risk-start-journey">
      {t('insights.atRisk.startJourney')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.insights')} description={t('insights.atRisk.intro')} actions={action || undefined} />
      <InsightsTabs />
      <Group gap="sm" mb="md" justify="space-between">
        <Select
          w={260}
          label={t('insights.atRisk.minChurn')}
          data={THRESHOLDS.map((v) => ({ value: String(v), label: fmt.percent(v) }))}
          value={String(minChurn)}
          onChange={(v) => {
            if (!v) return;
            setMinChurn(Number(v));
            setSelected(new Set());
          }}
          allowDeselect={false}
          data-testid="at-risk-min-churn"
        />
        {mayStart && (
          <Text size="sm" c="dimmed" data-testid="at-risk-selected" data-value={selected.size}>
            {t('insights.atRisk.selected', { n: selected.size })}
          </Text>
        )}
      </Group>
      {journeysAbsent && (
        <Alert variant="light" color="gray" mb="md" data-testid="at-risk-no-journeys">
          {t('insights.atRisk.noJourneysApi')}
        </Alert>
      )}
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty testId="at-risk-empty" title={t('insights.atRisk.empty')} description={t('insights.atRisk.emptyText')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="at-risk-table">
              <Table.Thead>
                <Table.Tr>
                  {mayStart && (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label={t('insights.atRisk.selectAll')}
                        checked={allShown}
                        indeterminate={!allShown && rows.some((r) => selected.has(r.personId))}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          setSelected((s) => {
                            const next = new Set(s);
                            for (const r of rows) {
                              if (on) next.add(r.personId);
                              else next.delete(r.personId);
                            }
                            return next;
                          });
                        }}
                        data-testid="at-risk-select-all"
                      />
                    </Table.Th>
                  )}
                  <Table.Th>{t('insights.atRisk.person')}</Table.Th>
                  <Table.Th ta="right">{t('insights.atRisk.churn')}</Table.Th>
                  <Table.Th ta="right">{t('insights.atRisk.ltv')}</Table.Th>
                  <Table.Th>{t('insights.atRisk.lastOrder')}</Table.Th>
                  <Table.Th>{t('insights.panel.factors')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Row
                    key={r.personId}
                    row={r}
                    selectable={mayStart}
                    selected={selected.has(r.personId)}
                    onSelect={(on) => toggle(r.personId, on)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
      {journeys.data && (
        <StartJourneyModal
          opened={starting}
          onClose={() => setStarting(false)}
          personIds={[...selected]}
          journeys={journeys.data}
        />
      )}
    </>
  );
}

type Profile = ResponseOf<'getProfile'>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The best human name for a profile (its traits, else an email), or null. */
function nameOf(p: Profile): string | null {
  const tr = p.traits;
  const full = [str(tr.firstName) ?? str(tr.first_name), str(tr.lastName) ?? str(tr.last_name)]
    .filter(Boolean)
    .join(' ');
  return str(tr.name) ?? (full || null) ?? str(tr.email) ?? p.identities.find((i) => i.kind === 'email')?.value ?? null;
}

function Row({
  row: r,
  selectable,
  selected,
  onSelect,
}: {
  row: AtRiskPerson;
  selectable: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const fmt = useInsightsFormat();
  // A person only tracked (no CRM name): the profile's traits or email name them.
  const { can } = useSession();
  const needProfile = r.name === null && can('cdp:read');
  const profile = useQuery({
    queryKey: [...INSIGHTS_KEY, 'profile', r.personId],
    queryFn: () => get<Profile>(`/persons/${r.personId}`),
    enabled: needProfile,
    staleTime: 60_000,
  });
  const name = r.name ?? (profile.data ? nameOf(profile.data) : null);
  const lastOrderAt = r.lastOrderAt;
  const top = r.factors[0];
  return (
    <Table.Tr
      data-testid="at-risk-row"
      data-id={r.personId}
      data-churn={r.churnProbability}
      data-ltv={r.predictedLtv ?? ''}
    >
      {selectable && (
        <Table.Td>
          <Checkbox
            aria-label={t('insights.atRisk.select', { name: name ?? r.personId })}
            checked={selected}
            onChange={(e) => onSelect(e.currentTarget.checked)}
            data-testid="at-risk-select"
          />
        </Table.Td>
      )}
      <Table.Td maw={280}>
        <Anchor
          component={Link}
          to={`/people/${r.personId}`}
          size="sm"
          fw={500}
          truncate="end"
          display="block"
          title={name ?? undefined}
          data-testid="at-risk-person"
        >
          {name ?? (needProfile && profile.isPending ? '…' : t('insights.atRisk.unnamed'))}
        </Anchor>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={600} c="red">
          {fmt.percent(r.churnProbability)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{r.predictedLtv === null ? t('insights.panel.unknown') : fmt.amount(r.predictedLtv)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{lastOrderAt ? f.date(lastOrderAt) : t('insights.atRisk.noOrder')}</Text>
      </Table.Td>
      <Table.Td maw={260}>
        {top ? (
          <Text size="sm" truncate="end" title={fmt.feature(top.feature)}>
            {fmt.feature(top.feature)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
