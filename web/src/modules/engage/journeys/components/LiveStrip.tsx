import { Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../../format.ts';
import type { JourneyStats } from '../api.ts';

/** The journey's totals over the canvas: entered, in flight, converted, conversion, the control group and the uplift. */
export function LiveStrip({ stats }: { stats: NonNullable<JourneyStats['journey']> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined ? t('journeys.live.none') : f.percent(v);
  const tiles: [string, string, string][] = [
    ['entered', t('journeys.live.entered'), f.number(stats.entered, 0)],
    ['active', t('journeys.live.inFlight'), f.number(stats.active, 0)],
    ['converted', t('journeys.live.converted'), f.number(stats.converted, 0)],
    ['conversionRate', t('journeys.live.conversion'), pct(stats.conversionRate)],
  ];
  if (stats.controlEntered)
    tiles.push(
      ['controlConversionRate', t('journeys.live.control'), pct(stats.controlConversionRate)],
      [
        'uplift',
        t('journeys.live.uplift'),
        stats.uplift === null || stats.uplift === undefined
          ? t('journeys.live.none')
          : `${stats.uplift > 0 ? '+' : ''}${f.number(stats.uplift * 100, 1)} ${t('journeys.live.pp')}`,
      ],
    );
  return (
    <Card withBorder padding="xs" data-testid="journey-live">
      <Group gap="xl" wrap="wrap">
        {tiles.map(([key, label, value]) => (
          <Stack
            key={key}
            gap={0}
            data-testid={`journey-live-${key}`}
            data-value={(stats as Record<string, unknown>)[key] ?? ''}
          >
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="md" fw={700}>
              {value}
            </Text>
          </Stack>
        ))}
      </Group>
    </Card>
  );
}
