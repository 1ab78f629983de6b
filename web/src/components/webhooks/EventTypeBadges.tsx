import { Badge, Group, Tooltip } from '@mantine/core';

export function EventTypeBadges({ types, max = 3 }: { types: string[]; max?: number }) {
  const shown = types.slice(0, max);
  const rest = types.slice(max);
  return (
    <Group gap={4}>
      {shown.map((t) => (
        <Badge key={t} variant="outline" color="gray" tt="none" className="kt-mono">
          {t}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.join(', ')} multiline maw={320}>
          <Badge variant="light" color="gray">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
