import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgendaList } from '../../components/crm/AgendaList.tsx';
import { LogActivityButton } from '../../components/crm/LogActivityButton.tsx';
import { MemberSelect } from '../../components/crm/Pickers.tsx';
import { localDay } from '../../components/crm/sales-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useSession } from '../../session.tsx';
import { DateField } from '../../components/DateFields.tsx';

export function AgendaPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [date, setDate] = useState(localDay());
  const [userId, setUserId] = useState<string | null>(me.user?.id ?? null);
  return (
    <>
      <PageHeader
        title={t('crm.activities.agenda.title')}
        description={t('crm.activities.agenda.description')}
        actions={
          <>
            <DateField aria-label={t('crm.activities.agenda.date')} value={date} onChange={(v) => setDate(v || localDay())} w={150} data-testid="agenda-date" />
            <MemberSelect aria-label={t('crm.activities.fields.assignee')} value={userId} onChange={setUserId} clearable={false} w={200} />
            <LogActivityButton initialKind="task" />
          </>
        }
      />
      <AgendaList date={date} userId={userId ?? undefined} />
    </>
  );
}
