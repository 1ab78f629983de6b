import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: 'feed', path: '/mentions' },
  { key: 'sources', path: '/mentions/sources' },
  { key: 'alerts', path: '/mentions/alerts' },
] as const;

/** The mentions' three pages as tabs: the feed, the sources, the alerts. */
export function MentionsTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = TABS.find((x) => x.path === pathname)?.key ?? 'feed';
  return (
    <Tabs value={current} onChange={(v) => navigate(TABS.find((x) => x.key === v)?.path ?? '/mentions')} mb="md">
      <Tabs.List>
        {TABS.map((x) => (
          <Tabs.Tab key={x.key} value={x.key} data-testid={`mentions-tab-${x.key}`}>
            {t(`mentions.tabs.${x.key}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
