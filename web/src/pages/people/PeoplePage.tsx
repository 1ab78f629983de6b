import { Alert, Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PersonLookup } from '../../components/cdp/PersonLookup.tsx';
import { IconPeople, IconTools } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

/** Until the CRM module brings the list, People is a way into any tracked profile by an identifier. */
export function PeoplePage() {
  const { t } = useTranslation();
  return (
    <Stack data-testid="people-page">
      <PageHeader
        title={
          <>
            <IconPeople size={26} style={{ verticalAlign: -4, marginRight: 8 }} />
            {t('nav.people')}
          </>
        }
        description={t('people.description')}
      />
      <Card withBorder padding="lg">
        <Title order={4} mb="sm">
          {t('people.lookupTitle')}
        </Title>
        <PersonLookup />
      </Card>
      <Alert color="orange" variant="light" icon={<IconTools />} title={t('people.listNoteTitle')} data-testid="people-list-note">
        {t('people.listNote')}
      </Alert>
    </Stack>
  );
}
