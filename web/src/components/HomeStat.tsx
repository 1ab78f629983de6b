import { Card, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { ResponseOf } from '../api/contract.ts';
import { useFormat } from '../format.ts';

/** A tile's value: a number, or a capped count shown as "500+". */
export type Counted = { n: number; more: boolean };
/** A capped count as the API gives it (exact up to 10,000). */
export type ListCount = ResponseOf<'getPeopleCount'>;
/** A capped count from the API as a tile's value: "10 000+" past the cap. */
export const fromCount = (c: ListCount): Counted => ({ n: c.count, more: !c.exact });

/** One figure of a home page, linking to the list it counts. */
export function Stat({
  label,
  value,
  to,
  testId,
  tone,
}: {
  label: string;
  value: Counted | number | undefined;
  to: string;
  testId: string;
  tone?: 'bad' | 'good';
}) {
  const f = useFormat();
  const shown =
    value === undefined
      ? undefined
      : typeof value === 'number'
        ? f.number(value, 0)
        : `${f.number(value.n, 0)}${value.more ? '+' : ''}`;
  const n = typeof value === 'number' ? value : value?.n;
  const color = tone === 'bad' && n ? 'red' : tone === 'good' && n !== undefined ? 'teal' : undefined;
  return (
    <UnstyledButton component={Link} to={to} data-testid={testId}>
      <Card withBorder padding="sm" h="100%" className="kt-hover-card">
        <Stack gap={2}>
          {shown === undefined ? (
            <Skeleton h={28} w={48} />
          ) : (
            <Text fz={24} fw={700} c={color} data-testid={`${testId}-value`}>
              {shown}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {label}
          </Text>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}
