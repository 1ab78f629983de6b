import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label over a value, for detail drawers. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}
