import { Badge, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JourneyVersion } from '../api.ts';

/** The published versions, newest first; one can be opened on the canvas (read only, with its own counts). */
export function VersionsDrawer({
  opened,
  onClose,
  versions,
  current,
  onView,
  format,
}: {
  opened: boolean;
  onClose: () => void;
  versions: JourneyVersion[];
  current: number | null;
  onView: (version: number) => void;
  format: (at: string) => string;
}) {
  const { t } = useTranslation();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <Drawer opened={opened} onClose={onClose} title={t('journeys.versions.title')} position="right" size="sm">
      <Stack gap="xs" data-testid="journey-versions-list">
        {sorted.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('journeys.versions.empty')}
          </Text>
        )}
        {sorted.map((v) => (
          <Group
            key={v.version}
            justify="space-between"
            wrap="nowrap"
            data-testid="journey-version-row"
            data-version={v.version}
          >
            <Stack gap={0}>
              <Group gap={6}>
                <Text fw={600}>{t('journeys.versionN', { version: v.version })}</Text>
                {v.version === current && (
                  <Badge size="xs" variant="light">
                    {t('journeys.versions.current')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {t('journeys.versions.published', { at: format(v.publishedAt) })}
              </Text>
            </Stack>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => onView(v.version)}
              data-testid="journey-version-view"
            >
              {t('journeys.versions.view')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Drawer>
  );
}
