import { Anchor, Card, Group, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../session.tsx';
import { AgendaList } from './AgendaList.tsx';

/** "My day" on the dashboard: the first few of today's and overdue tasks, done with one click. */
export function TodayWidget() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  if (!me.user || !can('crm:read')) return null;
  return (
    <Card withBorder padding="lg" data-testid="today-widget">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('crm.activities.agenda.widget')}</Title>
        <Anchor component={Link} to="/agenda" size="sm">
          {t('crm.activities.agenda.allTasks')}
        </Anchor>
      </Group>
      <AgendaList compact limit={5} />
    </Card>
  );
}
