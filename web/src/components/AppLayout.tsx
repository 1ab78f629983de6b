import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { patch } from '../api.ts';
import { DATA, MODULES, SETTINGS } from '../nav.ts';
import { notifyError } from '../notify.ts';
import { useSession } from '../session.tsx';
import type { Locale, Me } from '../types.ts';
import { IconDatabase, IconHome, IconSettings } from './icons.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from './notifications/NotificationBell.tsx';
import { GlobalSearch } from './search/SearchDialog.tsx';
import { Logo } from './Logo.tsx';
import { UserMenu } from './UserMenu.tsx';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';
import { PendingInvitations } from './users/PendingInvitations.tsx';
import './layout.css';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { t } = useTranslation();
  const { me, can, setMe } = useSession();
  const { pathname } = useLocation();
  const inSettings = pathname.startsWith('/settings');

  useEffect(close, [pathname, close]);
  // Arriving in settings by any route (a dashboard card, a link) unfolds the settings group.
  const [settingsOpen, setSettingsOpen] = useState(inSettings);
  useEffect(() => {
    if (inSettings) setSettingsOpen(true);
  }, [inSettings]);

  const saveLocale = (locale: Locale) => {
    if (!me.user) return;
    patch<Me>('/auth/me', { locale }).then(setMe, notifyError);
  };

  const [dataOpen, setDataOpen] = useState(true);
  const settings = SETTINGS.filter((s) => can(s.permission));
  const data = DATA.filter((d) => can(d.permission));
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('header.menu')} />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Logo compact />
            </Link>
            <Text c="dimmed" visibleFrom="xs">
              /
            </Text>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="md" wrap="nowrap">
            <GlobalSearch />
            <LanguageSwitch onChange={saveLocale} />
            {me.user && <PendingInvitations />}
            {me.user && <NotificationBell />}
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" className="kt-nav" data-testid="navbar">
        {/* A menu taller than the window shows its scrollbar (Mantine's default shows it only on hover). */}
        <AppShell.Section grow component={ScrollArea} type="auto" data-testid="navbar-scroll">
          <NavLink
            component={Link}
            to="/"
            label={t('nav.dashboard')}
            leftSection={<IconHome />}
            active={pathname === '/'}
            data-testid="nav-dashboard"
          />
          {data.length > 0 && (
            <NavLink
              label={t('nav.data.title')}
              leftSection={<IconDatabase />}
              opened={dataOpen}
              onChange={setDataOpen}
              data-testid="nav-data"
              childrenOffset={28}
            >
              {data.map((d) => (
                <NavLink
                  key={d.key}
                  component={Link}
                  to={d.path}
                  label={t(`nav.data.${d.key}`)}
                  leftSection={<d.icon size={16} />}
                  active={pathname.startsWith(d.path)}
                  data-testid={`nav-data-${d.key}`}
                />
              ))}
            </NavLink>
          )}
          {MODULES.filter((m) => can(m.permission)).map((m) => (
            <NavLink
              key={m.key}
              component={Link}
              to={m.path}
              label={t(`nav.${m.key}`)}
              leftSection={<m.icon />}
              active={pathname.startsWith(m.path)}
              data-testid={`nav-${m.key}`}
            />
          ))}
          <NavLink
            label={t('nav.settings.title')}
            leftSection={<IconSettings />}
            opened={settingsOpen}
            onChange={setSettingsOpen}
            data-testid="nav-settings"
            childrenOffset={28}
          >
            {settings.map((s) => (
              <NavLink
                key={s.key}
                component={Link}
                to={s.path}
                label={t(`nav.settings.${s.key}`)}
                leftSection={<s.icon size={16} />}
                active={pathname.startsWith(s.path)}
                data-testid={`nav-settings-${s.key}`}
              />
            ))}
          </NavLink>
          {/* Under the menu rather than pinned below it: pinned, it took the room of the last items at 800px. */}
          <Text size="xs" c="dimmed" px="sm" py={6} mt="xs">
            {t('app.tagline')}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <div style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
