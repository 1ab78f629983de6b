import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

export const SETTINGS_TABS = ['inboxes', 'teams', 'canned', 'routing', 'automation', 'macros', 'sla'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** The service desk's settings under one menu entry (/settings/service/…). */
export function SettingsTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = SETTINGS_TABS.find((k) => pathname.startsWith(`/settings/service/${k}`)) ?? 'inboxes';
  return (
    <Tabs
      value={active}
      onChange={(v) => v && navigate(`/settings/service/${v}`)}
      mb="md"
      data-testid="service-settings-tabs"
    >
      <Tabs.List>
        {SETTINGS_TABS.map((k) => (
          <Tabs.Tab key={k} value={k} data-testid={`service-settings-tab-${k}`}>
            {t(`service.settings.tabs.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
