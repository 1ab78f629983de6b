import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { post } from '../../../../api.ts';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { useTemplates } from '../../api.ts';
import { type Campaign, CAMPAIGNS_KEY, type Results } from '../api.ts';
import { useStatFormat } from './format.ts';
import { IntervalChart } from './IntervalChart.tsx';

type MetricKey = keyof typeof import('../i18n/en.ts').default.campaigns.results.metrics;

/**
 * A campaign's results (GET /campaigns/{id}/results) as they are: the counts and rates, the response
 * and its uplift over the control group with the 95 % interval drawn and the p-value in words,
 * revenue, cost and ROI, then by region, by wave and by A/B variant. A statistic the API could not
 * compute (null) is not shown as a number: the tile says “not enough data” and why.
 */
export function ResultsDashboard({
  campaign,
  results: r,
  writable,
}: {
  campaign: Campaign;
  results: Results;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const s = useStatFormat();
  const templates = useTemplates();
  const templateName = (id: string) => templates.data?.find((x) => x.id === id)?.name ?? '—';
  const tile = (key: MetricKey, value: number | null, text: string | null, missing?: string) => (
    <Tooltip key={key} label={t(`campaigns.results.hints.${key}`)} multiline maw={320} withArrow>
      <Card withBorder padding="sm" data-testid={`results-${key}`} data-value={value ?? ''}>
        <Text size="xs" c="dimmed" lineClamp={2} mih={34}>
          {t(`campaigns.results.metrics.${key}`)}
        </Text>
        {text === null ? (
          <Text size="sm" c="dimmed" fw={500} mt={6} data-testid={`results-${key}-missing`}>
            {missing ?? t('campaigns.results.notEnough')}
          </Text>
        ) : (
          <Text size="xl" fw={700}>
            {text}
          </Text>
        )}
      </Card>
    </Tooltip>
  );
  const sendWinner = useApiMutation({
    mutationFn: (variant: string) => post(`/campaigns/${campaign.id}/ab/winner`, { variant }),
    success: (_, variant) => t('campaigns.results.winnerSent', { key: variant }),
    invalidate: [CAMPAIGNS_KEY],
  });
  const leading = r.byVariant.reduce<string | null>((best, v) => {
    const b = r.byVariant.find((x) => x.key === best);
    return v.rate !== null && (!b || b.rate === null || v.rate > b.rate) ? v.key : best;
  }, null);
  const significance = (p: number | null) =>
    p === null
      ? t('campaigns.results.noP')
      : p < 0.05
        ? t('campaigns.results.significant')
        : t('campaigns.results.notSignificant');

  return (
    <Stack gap="md" data-testid="campaign-results">
      <Group justify="space-between">
        <Title order={4}>{t('campaigns.results.title')}</Title>
        <Text size="xs" c="dimmed">
          {t('campaigns.results.computedAt', { at: f.dateTime(r.computedAt) })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3 }}>
        {tile('audience', r.audience, s.count(r.audience))}
        {tile('treatment', r.treatment, s.count(r.treatment))}
        {tile('control', r.control, s.count(r.control))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {tile('sent', r.sent, s.count(r.sent))}
        {tile('deliveryRate', r.deliveryRate, s.rate(r.deliveryRate))}
        {tile('openRate', r.openRate, s.rate(r.openRate))}
        {tile('clickRate', r.clickRate, s.rate(r.clickRate))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        {tile('responders', r.responders, s.count(r.responders))}
        {tile('controlResponders', r.controlResponders, s.count(r.controlResponders))}
        {tile('responseRate', r.responseRate, s.rate(r.responseRate))}
        {tile('controlResponseRate', r.controlResponseRate, s.rate(r.controlResponseRate))}
        {tile('uplift', r.uplift, s.pp(r.uplift))}
        {tile('relativeUplift', r.relativeUplift, s.signedPercent(r.relativeUplift))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        {tile('revenue', r.revenue, s.money(r.revenue))}
        {tile('revenuePerPerson', r.revenuePerPerson, s.money(r.revenuePerPerson))}
        {tile('controlRevenuePerPerson', r.controlRevenuePerPerson, s.money(r.controlRevenuePerPerson))}
        {tile('revenueUplift', r.revenueUplift, s.signedMoney(r.revenueUplift))}
        {tile('cost', r.cost, s.money(r.cost), t('campaigns.results.noCost'))}
        {tile('roi', r.roi, s.roi(r.roi), r.cost === null ? t('campaigns.results.noCost') : undefined)}
      </SimpleGrid>
      <Card withBorder padding="md" data-testid="results-uplift-card">
        <Stack gap="md">
          <Title order={5}>{t('campaigns.results.upliftTitle')}</Title>
          <Stack gap={6}>
            <IntervalChart
              testId="results-uplift-chart"
              rows={[{ key: 'response', label: t('campaigns.results.response'), value: r.uplift, ci: r.upliftCI }]}
              format={(v) => s.pp(v) ?? ''}
              missing={t('campaigns.results.notEnough')}
            />
            <Text size="sm" data-testid="results-pvalue" data-value={r.pValue ?? ''}>
              {r.pValue !== null && `${t('campaigns.results.pValue', { p: s.p(r.pValue) })} · `}
              <Text span fw={600} c={r.pValue === null ? 'dimmed' : r.pValue < 0.05 ? 'teal' : 'orange'} inherit>
                {significance(r.pValue)}
              </Text>
            </Text>
          </Stack>
          <Stack gap={6}>
            <IntervalChart
              testId="results-revenue-chart"
              rows={[
                {
                  key: 'revenue',
                  label: t('campaigns.results.revenuePerPerson'),
                  value: r.revenueUplift,
                  ci: r.revenueUpliftCI,
                },
              ]}
              format={(v) => s.signedMoney(v) ?? ''}
              missing={t('campaigns.results.notEnough')}
            />
            <Text size="sm" data-testid="results-revenue-pvalue" data-value={r.revenuePValue ?? ''}>
              {r.revenuePValue !== null && `${t('campaigns.results.pValue', { p: s.p(r.revenuePValue) })} · `}
              <Text
                span
                fw={600}
                c={r.revenuePValue === null ? 'dimmed' : r.revenuePValue < 0.05 ? 'teal' : 'orange'}
                inherit
              >
                {significance(r.revenuePValue)}
              </Text>
            </Text>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" fw={600} c="dimmed">
              {t('campaigns.results.method')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('campaigns.results.methodResponse')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('campaigns.results.methodRevenue')}
            </Text>
          </Stack>
        </Stack>
      </Card>
      {r.byRegion.length > 0 && (
        <Card withBorder padding="md">
          <Title order={5} mb="sm">
            {t('campaigns.results.byRegion')}
          </Title>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6} data-testid="results-by-region">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('campaigns.results.region')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.treatment')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.control')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.responseRate')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.controlResponseRate')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.uplift')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.byRegion.map((x) => (
                  <Table.Tr key={x.region || '-'} data-testid="results-region" data-region={x.region ?? ''}>
                    <Table.Td>{x.region || t('campaigns.results.noRegion')}</Table.Td>
                    <Table.Td ta="right">{s.count(x.treatment)}</Table.Td>
                    <Table.Td ta="right">{s.count(x.control)}</Table.Td>
                    <Table.Td ta="right">{s.rate(x.responseRate) ?? '—'}</Table.Td>
                    <Table.Td ta="right">{s.rate(x.controlResponseRate) ?? '—'}</Table.Td>
                    <Table.Td ta="right">{s.pp(x.uplift) ?? t('campaigns.results.notEnough')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {r.byWave.length > 0 && (
        <Card withBorder padding="md">
          <Title order={5} mb="sm">
            {t('campaigns.results.byWave')}
          </Title>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={6} data-testid="results-by-wave">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('campaigns.steps.waves')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.sent')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.delivered')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.opened')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.clicked')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.responders')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.byWave.map((w) => (
                  <Table.Tr key={w.index} data-testid="results-wave" data-index={w.index} data-sent={w.sent}>
                    <Table.Td>{t('campaigns.results.waveN', { n: w.index + 1 })}</Table.Td>
                    <Table.Td ta="right">{s.count(w.sent)}</Table.Td>
                    <Table.Td ta="right">{s.count(w.delivered)}</Table.Td>
                    <Table.Td ta="right">{s.count(w.opened)}</Table.Td>
                    <Table.Td ta="right">{s.count(w.clicked)}</Table.Td>
                    <Table.Td ta="right">{s.count(w.responders)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {r.byVariant.length > 0 && (
        <Card withBorder padding="md" data-testid="results-variants-card">
          <Title order={5} mb="sm">
            {t('campaigns.results.byVariant')}
          </Title>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6} data-testid="results-by-variant">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('campaigns.results.variant')}</Table.Th>
                  <Table.Th>{t('campaigns.results.template')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.sent')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.opened')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.clicked')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.metrics.responders')}</Table.Th>
                  <Table.Th ta="right">{t('campaigns.results.rate')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.byVariant.map((v) => (
                  <Table.Tr key={v.key} data-testid="results-variant" data-key={v.key}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {v.key}
                        </Text>
                        {r.winner === v.key && (
                          <Badge color="teal" variant="light" size="sm" data-testid="results-winner">
                            {t('campaigns.results.winner')}
                          </Badge>
                        )}
                        {!r.winner && leading === v.key && (
                          <Badge color="blue" variant="outline" size="sm">
                            {t('campaigns.results.leading')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate="end" maw={220}>
                        {templateName(v.templateId)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{s.count(v.sent)}</Table.Td>
                    <Table.Td ta="right">{s.count(v.opened)}</Table.Td>
                    <Table.Td ta="right">{s.count(v.clicked)}</Table.Td>
                    <Table.Td ta="right">{s.count(v.responders)}</Table.Td>
                    <Table.Td ta="right">{s.rate(v.rate) ?? t('campaigns.results.notEnough')}</Table.Td>
                    <Table.Td ta="right">
                      {writable && !r.winner && campaign.status === 'running' && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          loading={sendWinner.isPending && sendWinner.variables === v.key}
                          onClick={() => sendWinner.mutate(v.key)}
                          data-testid="results-send-winner"
                        >
                          {t('campaigns.results.sendWinner', { key: v.key })}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {r.winner && (
            <Text size="sm" mt="xs" c="dimmed" data-testid="results-winner-text">
              {t(r.abDecision?.how === 'auto' ? 'campaigns.results.winnerAuto' : 'campaigns.results.winnerChosen', {
                key: r.winner,
                at: f.dateTime(r.abDecision?.decidedAt ?? null),
              })}
            </Text>
          )}
          {r.abDecision?.comparison && (
            <Text size="sm" mt={4} data-testid="results-ab-comparison" data-p={r.abDecision.comparison.pValue}>
              {t('campaigns.results.abComparison', {
                first: r.abDecision.comparison.first,
                second: r.abDecision.comparison.second,
                diff: s.pp(r.abDecision.comparison.diff),
                lo: s.pp(r.abDecision.comparison.ci[0]),
                hi: s.pp(r.abDecision.comparison.ci[1]),
                p: s.p(r.abDecision.comparison.pValue),
              })}{' '}
              {significance(r.abDecision.comparison.pValue)}
            </Text>
          )}
        </Card>
      )}
    </Stack>
  );
}
