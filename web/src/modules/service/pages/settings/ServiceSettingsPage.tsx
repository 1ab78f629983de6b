import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { SETTINGS_TABS, type SettingsTab, SettingsTabs } from '../../components/SettingsTabs.tsx';
import { AutomationSettings } from './AutomationSettings.tsx';
import { CannedSettings } from './CannedSettings.tsx';
import { InboxesSettings } from './InboxesSettings.tsx';
import { MacrosSettings } from './MacrosSettings.tsx';
import { RoutingSettings } from './RoutingSettings.tsx';
import { SlaSettings } from './SlaSettings.tsx';
import { TeamsSettings } from './TeamsSettings.tsx';

const PANES: Record<SettingsTab, () => React.JSX.Element> = {
  inboxes: InboxesSettings,
  teams: TeamsSettings,
  canned: CannedSettings,
  routing: RoutingSettings,
  automation: AutomationSettings,
  macros: MacrosSettings,
  sla: SlaSettings,
};

/** /settings/service[/:tab] — the service desk's settings, one tab each (inboxes by default). */
export function ServiceSettingsPage() {
  const { t } = useTranslation();
  const { tab = 'inboxes' } = useParams();
  if (!(SETTINGS_TABS as readonly string[]).includes(tab)) return <Navigate to="/settings/service" replace />;
  const Pane = PANES[tab as SettingsTab];
  return (
    <>
      <PageHeader title={t('nav.settings.service')} description={t('service.settings.intro')} />
      <SettingsTabs />
      <Pane />
    </>
  );
}
