import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty } from '../components/States.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Empty
      testId="not-found"
      title={t('notFound.title')}
      description={t('notFound.description')}
      action={
        <Button component={Link} to="/">
          {t('notFound.home')}
        </Button>
      }
    />
  );
}
