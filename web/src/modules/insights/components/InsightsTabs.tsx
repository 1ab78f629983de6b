import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: 'models', path: '/insights' },
  { key: 'scores', path: '/insights/scores' },
  { key: 'atRisk', path: '/insights/at-risk' },
] as const;

/** The insights section's pages (one menu entry): the models, the score distributions, the at-risk customers. */
export function InsightsTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = pathname.startsWith('/insights/scores')
    ? 'scores'
    : pathname.startsWith('/insights/at-risk')
      ? 'atRisk'
      : 'models';
  return (
    <Tabs
      value={active}
      onChange={(v) => {
        const tab = TABS.find((x) => x.key === v);
        if (tab) navigate(tab.path);
      }}
      mb="md"
      data-testid="insights-tabs"
    >
      <Tabs.List>
        {TABS.map((x) => (
          <Tabs.Tab key={x.key} value={x.key} data-testid={`insights-tab-${x.key}`}>
            {t(`insights.tabs.${x.key}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
