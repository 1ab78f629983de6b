import { Alert, Anchor, Drawer, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Source } from '../../../types.ts';
import { CopyText } from '../../../components/CopyText.tsx';
import { IconAlert } from '../../../components/icons.tsx';
import { browserSnippet, curlSnippet, nodeSnippet } from './snippets.ts';

function Section({ title, hint, value, testId }: { title: string; hint: string; value: string; testId: string }) {
  return (
    <Stack gap={6}>
      <Title order={5}>{title}</Title>
      <Text size="sm" c="dimmed">
        {hint}
      </Text>
      <CopyText value={value} testId={testId} copyTestId={`${testId}-copy`} />
    </Stack>
  );
}

/** The write key and ready-to-paste snippets for one source. */
export function InstallDrawer({ source, onClose }: { source: Source | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={!!source}
      onClose={onClose}
      position="right"
      size="xl"
      title={source ? t('sources.installTitle', { name: source.name }) : ''}
      data-testid="install-drawer"
    >
      {source && (
        <Stack gap="lg">
          {source.disabled && (
            <Alert color="orange" variant="light" icon={<IconAlert />}>
              {t('sources.disabledNote')}
            </Alert>
          )}
          <Stack gap={6}>
            <Title order={5}>{t('sources.writeKey')}</Title>
            <CopyText value={source.writeKey} testId="source-write-key" copyTestId="source-write-key-copy" />
            <Text size="xs" c="dimmed">
              {t('sources.writeKeyHint')}
            </Text>
          </Stack>
          <Section
            title={t('sources.browser')}
            hint={t('sources.browserHint')}
            value={browserSnippet(source.writeKey)}
            testId="snippet-browser"
          />
          <Section
            title={t('sources.node')}
            hint={t('sources.nodeHint')}
            value={nodeSnippet(source.writeKey)}
            testId="snippet-node"
          />
          <Section
            title={t('sources.http')}
            hint={t('sources.httpHint')}
            value={curlSnippet(source.writeKey)}
            testId="snippet-curl"
          />
          <Anchor component={Link} to={`/data/events?source=${source.id}`} size="sm" data-testid="install-watch-events">
            {t('sources.watchEvents')} →
          </Anchor>
        </Stack>
      )}
    </Drawer>
  );
}
