import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AgendaList } from '../../components/AgendaList.tsx';
import { LogActivityButton } from '../../components/LogActivityButton.tsx';
import { MemberSelect } from '../../components/Pickers.tsx';
import { localDay } from '../../components/sales-api.ts';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { useSession } from '../../../../session.tsx';
import { DateField } from '../../../../components/DateFields.tsx';

/**
 * A manager's day. Whose day and which day are in the address (`?user=…&date=…`), so that a head
 * of sales can send a link to “Иван's Tuesday”; without them, the signed-in user's today.
 * The manager picker is searchable: a team of 42 is typed, not scrolled.
 */
export function AgendaPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const day = params.get('date');
  const date = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : localDay();
  const userId = params.get('user') || me.user?.id || null;
  const put = (k: string, v: string | null, fallback: string | null) =>
    setParams(
      (p) => {
        if (!v || v === fallback) p.delete(k);
        else p.set(k, v);
        return p;
      },
      { replace: true },
    );
  return (
    <>
      <PageHeader
        title={t('crm.activities.agenda.title')}
        description={t('crm.activities.agenda.description')}
        actions={
          <>
            <DateField
              aria-label={t('crm.activities.agenda.date')}
              value={date}
              onChange={(v) => put('date', v || null, localDay())}
              w={150}
              data-testid="agenda-date"
            />
            <MemberSelect
              aria-label={t('crm.activities.fields.assignee')}
              placeholder={t('crm.activities.agenda.searchManager')}
              value={userId}
              onChange={(v) => put('user', v, me.user?.id ?? null)}
              clearable={false}
              w={240}
              data-testid="agenda-user"
            />
            <LogActivityButton initialKind="task" />
          </>
        }
      />
      <AgendaList date={date} userId={userId ?? undefined} />
    </>
  );
}
