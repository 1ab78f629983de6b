import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = ['broadcasts', 'templates', 'channels', 'log', 'analytics'] as const;

/** The messaging section's pages, one menu entry: a tab bar over each of them. */
export function MessagingTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = TABS.find((k) => pathname.startsWith(`/messaging/${k}`)) ?? null;
  return (
    <Tabs value={active} onChange={(v) => v && navigate(`/messaging/${v}`)} mb="md" data-testid="messaging-tabs">
      <Tabs.List>
        {TABS.map((k) => (
          <Tabs.Tab key={k} value={k} data-testid={`messaging-tab-${k}`}>
            {t(`engage.tabs.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
