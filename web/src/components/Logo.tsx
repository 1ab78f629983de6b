import { Group, Text } from '@mantine/core';

/** `compact` drops the word below the sm breakpoint, where the header needs the room. */
export function Logo({ size = 26, compact = false }: { size?: number; compact?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-blue-6)" />
        <rect x="8" y="7" width="16" height="18" rx="2" fill="none" stroke="#fff" strokeWidth="2.5" />
        <path d="M12 13h8M12 18h5" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      <Text fw={700} size="lg" style={{ letterSpacing: -0.3 }} visibleFrom={compact ? 'sm' : undefined}>
        Kartoteka
      </Text>
    </Group>
  );
}
