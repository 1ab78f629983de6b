import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { notifyError } from '../notify.ts';
import { useSession } from '../session.tsx';
import { IconLogout, IconUser } from './icons.tsx';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');

export function UserMenu() {
  const { me, logout } = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const name = me.user?.name ?? me.apiKey?.label ?? '';
  return (
    <Menu position="bottom-end" withinPortal width={220}>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label={t('header.userMenu')}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="blue">
              {initials(name) || '?'}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" truncate maw={160}>
              {name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {me.user && (
          <Menu.Label>
            <Text size="xs" truncate>
              {me.user.email}
            </Text>
          </Menu.Label>
        )}
        <Menu.Item
          leftSection={<IconUser size={16} />}
          onClick={() => navigate('/settings/profile')}
          data-testid="menu-profile"
        >
          {t('nav.settings.profile')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          data-testid="logout"
          onClick={() => {
            // The next person to log in on this browser starts at the dashboard, not on this page.
            navigate('/', { replace: true });
            logout().catch(notifyError);
          }}
        >
          {t('header.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
