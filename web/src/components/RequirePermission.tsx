import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.tsx';
import { Empty } from './States.tsx';
import { IconShield } from './icons.tsx';

/** The API refuses anyway; this only saves the user a page of error messages. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can, me } = useSession();
  const { t } = useTranslation();
  if (can(permission)) return <>{children}</>;
  return (
    <Empty
      testId="no-access"
      icon={<IconShield size={28} />}
      title={t('errors.noAccessTitle')}
      description={t('errors.noAccess', { role: t(`roles.names.${me.role}`), permission })}
    />
  );
}
