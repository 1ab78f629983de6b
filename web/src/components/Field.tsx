import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label over a value, for detail drawers. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    // Long unbroken values (a domain, a URL, an e-mail) wrap instead of running into the next column.
    <Stack gap={2} miw={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}
