import { Badge, Divider, Group, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import type { ComputedTraits as Traits, RfmSegment } from '../../../types.ts';
import { showValue } from './identity.ts';

const SEGMENT_COLORS: Record<RfmSegment, string> = {
  champions: 'green',
  loyal: 'teal',
  potential_loyalist: 'cyan',
  new: 'blue',
  promising: 'indigo',
  need_attention: 'yellow',
  about_to_sleep: 'orange',
  at_risk: 'red',
  cant_lose: 'pink',
  hibernating: 'gray',
  lost: 'dark',
};

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <Stack gap={0} data-testid={`computed-${testId}`}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </Stack>
  );
}

/** The profile's computed traits: the built-in ones laid out, the workspace-defined ones as key/value. */
export function ComputedTraitsView({ traits: c }: { traits: Traits }) {
  const { t } = useTranslation();
  const f = useFormat();
  const custom = Object.entries(c.custom).sort(([a], [b]) => a.localeCompare(b));
  const money = (v: number | null) => f.money(v, c.currency);
  const others = Object.entries(c.revenueByCurrency ?? {}).filter(([code]) => code !== c.currency);
  return (
    <Stack gap="sm" data-testid="person-computed">
      <Stack gap={4} data-testid="computed-rfm">
        <Text size="xs" c="dimmed">
          {t('person.ct.rfm')}
        </Text>
        {c.rfm ? (
          <Tooltip label={t('person.ct.rfmHint')} multiline w={260}>
            <Group gap={8} wrap="wrap">
              <Badge
                color={SEGMENT_COLORS[c.rfm.segment]}
                variant="filled"
                size="lg"
                maw="none"
                data-testid="rfm-segment"
                data-segment={c.rfm.segment}
              >
                {t(`person.ct.segments.${c.rfm.segment}`)}
              </Badge>
              <Text size="xs" c="dimmed" className="kt-mono">
                {t('person.ct.rfmScores', { r: c.rfm.r, f: c.rfm.f, m: c.rfm.m })}
              </Text>
            </Group>
          </Tooltip>
        ) : (
          <Badge color="gray" variant="light" data-testid="rfm-none" w="fit-content">
            {t('person.ct.notCustomer')}
          </Badge>
        )}
      </Stack>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Stat testId="orderCount" label={t('person.ct.orders')} value={c.orderCount} />
        <Stat
          testId="revenue"
          label={t('person.ct.revenue')}
          value={
            <>
              {money(c.revenue)}
              {others.length > 0 && (
                <Text component="span" display="block" size="xs" c="dimmed" data-testid="computed-revenue-other">
                  {t('person.ct.otherCurrencies', { list: others.map(([code, v]) => f.money(v, code)).join(' + ') })}
                </Text>
              )}
            </>
          }
        />
        <Stat testId="averageCheck" label={t('person.ct.averageCheck')} value={money(c.averageCheck)} />
        <Stat
          testId="frequency"
          label={t('person.ct.frequency')}
          value={
            c.purchaseFrequencyDays === null
              ? '—'
              : t('person.ct.frequencyValue', { days: f.number(c.purchaseFrequencyDays) })
          }
        />
        <Stat testId="ltv" label={t('person.ct.ltv')} value={money(c.ltv)} />
        <Stat
          testId="predictedLtv12m"
          label={t('person.ct.predictedLtv')}
          value={
            c.predictedLtv12m !== null ? (
              money(c.predictedLtv12m)
            ) : (
              <Text component="span" size="xs" c="dimmed" fw={400} data-testid="computed-predictedLtv12m-none">
                {c.predictedLtv12mBasis
                  ? t('person.ct.ltvNotEnough', {
                      orders: c.predictedLtv12mBasis.orders,
                      days: c.predictedLtv12mBasis.spanDays,
                      minOrders: c.predictedLtv12mBasis.minOrders,
                      minDays: c.predictedLtv12mBasis.minSpanDays,
                    })
                  : '—'}
              </Text>
            )
          }
        />
        <Stat testId="firstOrderAt" label={t('person.ct.firstOrder')} value={f.date(c.firstOrderAt)} />
        <Stat testId="lastOrderAt" label={t('person.ct.lastOrder')} value={f.date(c.lastOrderAt)} />
        <Stat testId="firstSeenAt" label={t('person.ct.firstSeen')} value={f.dateTime(c.firstSeenAt)} />
        <Stat testId="lastSeenAt" label={t('person.ct.lastSeen')} value={f.dateTime(c.lastSeenAt)} />
        <Stat testId="daysSinceLastActivity" label={t('person.ct.sinceLast')} value={c.daysSinceLastActivity ?? '—'} />
        <Stat
          testId="sessions"
          label={t('person.ct.sessions')}
          value={`${c.sessions} · ${t('person.ct.events')} ${c.eventCount}`}
        />
      </SimpleGrid>
      <Divider label={t('person.ct.custom')} labelPosition="left" />
      {custom.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="computed-custom-empty">
          {t('person.ct.noCustom')}
        </Text>
      ) : (
        <Table verticalSpacing={4} fz="sm" data-testid="computed-custom">
          <Table.Tbody>
            {custom.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Td w="50%" c="dimmed" className="kt-mono" style={{ overflowWrap: 'anywhere' }}>
                  {k}
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>
                  {typeof v === 'number' ? f.number(v, 4) : showValue(v)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
