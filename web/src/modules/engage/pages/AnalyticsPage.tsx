import { Group, Select, Stack } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { ENGAGE_KEY, type PeriodStats, useChannels } from '../api.ts';
import { MessagingTabs } from '../components/MessagingTabs.tsx';
import { RateDefinitions, SeriesChart, StatsTiles } from '../components/Stats.tsx';

const PERIODS = ['7', '30', '90'] as const;
type Period = (typeof PERIODS)[number];

/** The period's first day (local midnight, N−1 days back) and the moment now. */
function range(days: number) {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  from.setDate(from.getDate() - (days - 1));
  return { from: from.toISOString(), to: new Date().toISOString() };
}

/** /messaging/analytics: the counts and rates over a period (GET /messaging/stats), per channel, with a daily series. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('30');
  const [channelId, setChannelId] = useState<string | null>(null);
  const channels = useChannels();
  const q = useQuery({
    queryKey: [...ENGAGE_KEY, 'stats', period, channelId],
    queryFn: () =>
      get<PeriodStats>('/messaging/stats', {
        ...range(Number(period)),
        channelId: channelId ?? undefined,
        interval: 'day',
      }),
    placeholderData: keepPreviousData,
  });
  const s = q.data;
  const empty = s && s.sent === 0 && (s.series ?? []).every((p) => !p.sent);

  return (
    <>
      <PageHeader title={t('nav.messaging')} description={t('engage.analytics.intro')} />
      <MessagingTabs />
      <Group gap="sm" mb="md">
        <Select
          w={220}
          aria-label={t('engage.analytics.period')}
          data={PERIODS.map((p) => ({ value: p, label: t(`engage.analytics.periods.${p}`) }))}
          value={period}
          onChange={(v) => v && setPeriod(v as Period)}
          allowDeselect={false}
          data-testid="analytics-period"
        />
        <Select
          w={240}
          aria-label={t('engage.common.channel')}
          placeholder={t('engage.common.channel')}
          data={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={channelId}
          onChange={setChannelId}
          clearable
          data-testid="analytics-channel"
        />
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        s && (
          <Stack gap="md">
            <StatsTiles stats={s} testId="analytics-stats" />
            {empty ? (
              <Empty testId="analytics-empty" title={t('engage.analytics.empty')} />
            ) : (
              s.series &&
              s.series.length > 0 && (
                <SeriesChart points={s.series} title={t('engage.analytics.series')} testId="analytics-series" />
              )
            )}
            <RateDefinitions />
          </Stack>
        )
      )}
    </>
  );
}
