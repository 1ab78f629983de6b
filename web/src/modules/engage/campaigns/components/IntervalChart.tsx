import { Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface IntervalRow {
  key: string;
  label: ReactNode;
  /** The point estimate; null when it cannot be computed. */
  value: number | null;
  /** The 95 % interval; null when it cannot be computed. */
  /** [low, high]: the server gives two numbers, or null when a group is empty. */
  ci: readonly number[] | null;
  /** Still being asked for: neither a bar nor a reason yet. */
  pending?: boolean;
}

/** A round step for the axis: 1, 2 or 5 × 10^k, about five ticks over `span`. */
function niceStep(span: number): number {
  const raw = span / 4;
  const k = 10 ** Math.floor(Math.log10(raw));
  const m = raw / k;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * k;
}

/**
 * Point estimates with their 95 % intervals drawn as whiskers against a zero line (“no effect”),
 * one row each, on a shared axis: an interval that crosses zero shows at a glance that the effect
 * may be nil. Rows without an interval say why in words instead of a bar.
 */
export function IntervalChart({
  rows,
  format,
  missing,
  testId,
}: {
  rows: IntervalRow[];
  format: (v: number) => string;
  /** What a row without an interval says instead. */
  missing: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const xs = rows.flatMap((r) => (r.ci ? [r.ci[0], r.ci[1]] : r.value !== null ? [r.value] : []));
  let lo = Math.min(0, ...xs);
  let hi = Math.max(0, ...xs);
  if (hi - lo < 1e-9) {
    lo -= 0.01;
    hi += 0.01;
  }
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 2; i++) {
    const v = lo + i * step;
    ticks.push(Math.abs(v) < step / 1e6 ? 0 : v);
  }
  const x = (v: number) => `${(((v - lo) / (hi - lo)) * 100).toFixed(3)}%`;
  const labelW = 220;
  const valueW = 250;

  return (
    <Stack gap={4} data-testid={testId}>
      {rows.map((r) => {
        const crossesZero = r.ci ? r.ci[0] <= 0 && r.ci[1] >= 0 : null;
        const color = crossesZero === null ? 'gray' : crossesZero ? '#868e96' : r.ci![0] > 0 ? '#2f9e44' : '#e03131';
        return (
          <Group
            key={r.key}
            gap="sm"
            wrap="nowrap"
            data-testid={`${testId}-row`}
            data-key={r.key}
            data-value={r.value ?? ''}
            data-pending={r.pending || undefined}
            data-lo={r.ci?.[0] ?? ''}
            data-hi={r.ci?.[1] ?? ''}
          >
            <div style={{ width: labelW, flexShrink: 0, minWidth: 0 }}>
              <Text size="sm" truncate="end" title={typeof r.label === 'string' ? r.label : undefined}>
                {r.label}
              </Text>
            </div>
            <div style={{ flex: 1, minWidth: 120, position: 'relative' }}>
              <svg width="100%" height="28" role="img" aria-label={typeof r.label === 'string' ? r.label : undefined}>
                <line x1={x(0)} x2={x(0)} y1="0" y2="28" stroke="#495057" strokeDasharray="3 3" strokeWidth="1" />
                {r.ci && (
                  <>
                    <line x1={x(r.ci[0])} x2={x(r.ci[1])} y1="14" y2="14" stroke={color} strokeWidth="3" />
                    <line x1={x(r.ci[0])} x2={x(r.ci[0])} y1="7" y2="21" stroke={color} strokeWidth="2" />
                    <line x1={x(r.ci[1])} x2={x(r.ci[1])} y1="7" y2="21" stroke={color} strokeWidth="2" />
                  </>
                )}
                {r.value !== null && <circle cx={x(r.value)} cy="14" r="5" fill={color} />}
              </svg>
            </div>
            <div style={{ width: valueW, flexShrink: 0 }}>
              {r.pending ? (
                <Loader size="xs" data-testid={`${testId}-pending`} />
              ) : r.ci && r.value !== null ? (
                <Tooltip label={t('campaigns.results.interval', { lo: format(r.ci[0]), hi: format(r.ci[1]) })}>
                  <Text size="sm" data-testid={`${testId}-text`}>
                    <b>{format(r.value)}</b> [{format(r.ci[0])}; {format(r.ci[1])}]
                  </Text>
                </Tooltip>
              ) : (
                <Text size="sm" c="dimmed">
                  {r.value !== null ? `${format(r.value)} · ` : ''}
                  {missing}
                </Text>
              )}
            </div>
          </Group>
        );
      })}
      <Group gap="sm" wrap="nowrap" aria-hidden="true">
        <div style={{ width: labelW, flexShrink: 0 }} />
        <div style={{ flex: 1, minWidth: 120, position: 'relative', height: 18 }}>
          {ticks.map((v, i) => (
            <Text
              key={v}
              size="xs"
              c="dimmed"
              style={{
                position: 'absolute',
                left: x(v),
                transform: i === 0 ? 'none' : i === ticks.length - 1 ? 'translateX(-100%)' : 'translateX(-50%)',
                whiteSpace: 'nowrap',
              }}
            >
              {format(v)}
            </Text>
          ))}
        </div>
        <div style={{ width: valueW, flexShrink: 0 }}>
          <Text size="xs" c="dimmed">
            ┆ {t('campaigns.results.zero')}
          </Text>
        </div>
      </Group>
    </Stack>
  );
}
