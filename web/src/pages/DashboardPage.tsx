import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RoleBadge } from '../components/Badges.tsx';
import { useFormat } from '../format.ts';
import { BUILT_MODULES, DATA, MODULES, SETTINGS } from '../nav.ts';
import { useSession } from '../session.tsx';
import { webModules } from '../modules/index.ts';
import type { WebModule } from '../modules/types.ts';
import { WorkspaceHealth } from './TeamHome.tsx';

function QuickLink({
  to,
  icon: Icon,
  title,
  text,
  badge,
  testId,
}: {
  to: string;
  icon: ComponentType<{ size?: number }>;
  title: string;
  text: string;
  badge?: string;
  testId: string;
}) {
  return (
    <UnstyledButton component={Link} to={to} data-testid={testId}>
      <Card withBorder padding="md" h="100%" className="kt-hover-card">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size={36} radius="md">
            <Icon size={20} />
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6}>
              <Text fw={600} size="sm">
                {title}
              </Text>
              {badge && (
                <Badge size="xs" variant="light" color="orange">
                  {badge}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {text}
            </Text>
          </Stack>
        </Group>
      </Card>
    </UnstyledButton>
  );
}

export function DashboardPage() {
  const { me, can } = useSession();
  const { t } = useTranslation();
  const f = useFormat();
  const name = me.user?.name ?? me.apiKey?.label ?? '';
  const settings = SETTINGS.filter((s) => s.key !== 'profile' && can(s.permission));
  const data = DATA.filter((d) => can(d.permission));
  const teamHome = me.role === 'admin';
  // Each module's part of the home, in the modules' order.
  const homeParts = (webModules as readonly WebModule[]).flatMap((m) => {
    const Part = m.home && can(m.home.permission) ? (teamHome ? m.home.team : m.home.personal) : undefined;
    return Part ? [{ name: m.name, Part }] : [];
  });
  return (
    <Stack gap="xl">
      <Card withBorder padding="xl" radius="lg" data-testid="welcome-card">
        <Stack gap="sm">
          <Title order={2}>{t('dashboard.welcome', { name })}</Title>
          <Group gap="xs">
            <Text>{t('dashboard.workspace')}</Text>
            <Text fw={600} data-testid="welcome-workspace">
              {me.workspace.name}
            </Text>
            <Text c="dimmed" size="sm">
              ({me.workspace.slug})
            </Text>
          </Group>
          <Group gap="xs">
            <Text>{t('dashboard.role')}</Text>
            <RoleBadge role={me.role} />
            <Text c="dimmed" size="sm">
              {t(`roles.descriptions.${me.role}`)}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t('dashboard.since', { date: f.date(me.workspace.createdAt) })}
          </Text>
        </Stack>
      </Card>

      {/* The home per role: an admin sees the team's day and the workspace's health; everyone else their own day. */}
      {homeParts.map(({ name, Part }) => (
        <Part key={name} />
      ))}
      {teamHome && <WorkspaceHealth />}

      {settings.length > 0 && (
        <Stack gap="sm">
          <Title order={4}>{t('dashboard.setUp')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {settings.map((s) => (
              <QuickLink
                key={s.key}
                to={s.path}
                icon={s.icon}
                title={t(`nav.settings.${s.key}`)}
                text={t(`dashboard.links.${s.key}`)}
                testId={`quick-${s.key}`}
              />
            ))}
          </SimpleGrid>
        </Stack>
      )}

      {data.length > 0 && (
        <Stack gap="sm">
          <Title order={4}>{t('nav.data.title')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {data.map((d) => (
              <QuickLink
                key={d.key}
                to={d.path}
                icon={d.icon}
                title={t(`nav.data.${d.key}`)}
                text={t(`dashboard.data.${d.key}`)}
                testId={`quick-data-${d.key}`}
              />
            ))}
          </SimpleGrid>
        </Stack>
      )}

      <Stack gap="sm">
        <Title order={4}>{t('dashboard.modules')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {MODULES.filter((m) => can(m.permission)).map((m) => (
            <QuickLink
              key={m.key}
              to={m.path}
              icon={m.icon}
              title={t(`nav.${m.key}`)}
              text={t(`modules.${m.key}.description`)}
              badge={BUILT_MODULES.includes(m.key) ? undefined : t('modules.badge')}
              testId={`quick-${m.key}`}
            />
          ))}
        </SimpleGrid>
      </Stack>
    </Stack>
  );
}
