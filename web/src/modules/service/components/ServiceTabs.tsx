import { Group, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LiveMark } from './LiveMark.tsx';

const TABS = [
  { key: 'inbox', path: '/inbox' },
  { key: 'dashboard', path: '/inbox/dashboard' },
  { key: 'reports', path: '/inbox/reports' },
  { key: 'kb', path: '/inbox/kb' },
] as const;

/** The service desk's pages under one menu entry: the inbox, the supervisor's dashboard, the reports, the knowledge base. */
export function ServiceTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = pathname.startsWith('/inbox/dashboard')
    ? 'dashboard'
    : pathname.startsWith('/inbox/reports')
      ? 'reports'
      : pathname.startsWith('/inbox/kb')
        ? 'kb'
        : 'inbox';
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="nowrap" gap="sm">
      <Tabs
        value={active}
        onChange={(v) => v && navigate(TABS.find((x) => x.key === v)!.path)}
        data-testid="service-tabs"
        style={{ flex: 1 }}
      >
        <Tabs.List>
          {TABS.map((x) => (
            <Tabs.Tab key={x.key} value={x.key} data-testid={`service-tab-${x.key}`}>
              {x.key === 'kb' ? t('service.kb.tab') : t(`service.tabs.${x.key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <LiveMark />
    </Group>
  );
}
