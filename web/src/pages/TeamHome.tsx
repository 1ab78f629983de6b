import { Card, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api.ts';
import type { ResponseOf } from '../api/contract.ts';
import { Stat } from '../components/HomeStat.tsx';
import { useSession } from '../session.tsx';

/**
 * The workspace's health on the admin's home: sources that sent events in the last day, failed jobs
 * and webhook deliveries (these two counted from their lists: a page of up to 500, beyond that "500+").
 */
const MAX = 500;

export function WorkspaceHealth() {
  const { t } = useTranslation();
  const { can } = useSession();
  const since = Date.now() - 24 * 3600 * 1000;
  const sources = useQuery({
    queryKey: ['home', 'health', 'sources'],
    enabled: can('cdp:read'),
    queryFn: async () => {
      const list = await get<ResponseOf<'listSources'>>('/sources');
      const enabled = list.data.filter((s) => !s.disabled);
      // Each source's newest event (the list is newest first): exact, whatever the other sources send.
      const newest = await Promise.all(
        enabled.map((s) => get<ResponseOf<'listEvents'>>('/events', { sourceId: s.id, limit: 1 })),
      );
      const active = newest.filter((e) => e.data[0] && Date.parse(e.data[0].receivedAt) >= since).length;
      return { active, total: enabled.length };
    },
  });
  const jobs = useQuery({
    queryKey: ['home', 'health', 'jobs'],
    enabled: can('jobs:read'),
    queryFn: async () => {
      const [failed, dead] = await Promise.all([
        get<ResponseOf<'listJobs'>>('/jobs', { state: 'failed', limit: MAX }),
        get<ResponseOf<'listJobs'>>('/jobs', { state: 'dead', limit: MAX }),
      ]);
      return { n: failed.data.length + dead.data.length, more: failed.nextCursor !== null || dead.nextCursor !== null };
    },
  });
  const hooks = useQuery({
    queryKey: ['home', 'health', 'webhooks'],
    enabled: can('settings:manage'),
    queryFn: async () => {
      const subs = await get<ResponseOf<'listWebhooks'>>('/webhooks');
      const pages = await Promise.all(
        subs.data.map((s) =>
          get<ResponseOf<'listWebhookDeliveries'>>(`/webhooks/${s.id}/deliveries`, { status: 'failed', limit: MAX }),
        ),
      );
      return { n: pages.reduce((s, p) => s + p.data.length, 0), more: pages.some((p) => p.nextCursor !== null) };
    },
  });
  if (!can('cdp:read') && !can('jobs:read') && !can('settings:manage')) return null;
  return (
    <Card withBorder padding="lg" data-testid="workspace-health">
      <Title order={4} mb="sm">
        {t('dashboard.health.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {can('cdp:read') && (
          <UnstyledButton component={Link} to="/data/sources" data-testid="health-sources">
            <Card withBorder padding="sm" h="100%" className="kt-hover-card">
              <Stack gap={2}>
                {sources.data ? (
                  <Text fz={24} fw={700} c={sources.data.active ? 'teal' : 'orange'} data-testid="health-sources-value">
                    {t('dashboard.health.sourcesOf', { active: sources.data.active, total: sources.data.total })}
                  </Text>
                ) : (
                  <Skeleton h={28} w={64} />
                )}
                <Text size="sm" c="dimmed">
                  {t('dashboard.health.sources')}
                </Text>
              </Stack>
            </Card>
          </UnstyledButton>
        )}
        {can('jobs:read') && (
          <Stat
            label={t('dashboard.health.failedJobs')}
            value={jobs.data}
            to="/settings/jobs"
            testId="health-jobs"
            tone="bad"
          />
        )}
        {can('settings:manage') && (
          <Stat
            label={t('dashboard.health.webhookFailures')}
            value={hooks.data}
            to="/settings/webhooks"
            testId="health-webhooks"
            tone="bad"
          />
        )}
      </SimpleGrid>
    </Card>
  );
}
