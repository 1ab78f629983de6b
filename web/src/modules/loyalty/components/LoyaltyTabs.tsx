import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = ['promotions', 'products'] as const;

/** The promotions section's pages (one menu entry): promotions and the product catalogue. */
export function LoyaltyTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = pathname.startsWith('/promotions/products') ? 'products' : 'promotions';
  return (
    <Tabs
      value={active}
      onChange={(v) => v && navigate(v === 'products' ? '/promotions/products' : '/promotions')}
      mb="md"
      data-testid="loyalty-tabs"
    >
      <Tabs.List>
        {TABS.map((k) => (
          <Tabs.Tab key={k} value={k} data-testid={`loyalty-tab-${k}`}>
            {t(`loyalty.tabs.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
