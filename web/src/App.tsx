import { Center } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { setUnauthenticatedHandler } from './api.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { RequirePermission } from './components/RequirePermission.tsx';
import { ErrorState, PageLoader } from './components/States.tsx';
import { applyLanguage, storedLanguage, toLocale } from './i18n/language.ts';
import { webModules } from './modules/index.ts';
import { BUILT_MODULES, DATA, MODULES } from './nav.ts';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ModulePage } from './pages/ModulePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ApiKeysPage } from './pages/settings/ApiKeysPage.tsx';
import { AuditPage } from './pages/settings/AuditPage.tsx';
import { JobsPage } from './pages/settings/JobsPage.tsx';
import { ProfilePage } from './pages/settings/ProfilePage.tsx';
import { RolesPage } from './pages/settings/RolesPage.tsx';
import { UsersPage } from './pages/settings/UsersPage.tsx';
import { WebhookDetailPage } from './pages/settings/WebhookDetailPage.tsx';
import { WebhooksPage } from './pages/settings/WebhooksPage.tsx';
import { WorkspacePage } from './pages/settings/WorkspacePage.tsx';
import { fetchMe, ME_KEY, SessionProvider } from './session.tsx';

export function App() {
  const qc = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity });
  const me = meQuery.data;
  const languageChecked = useRef(false);

  useEffect(() => {
    // A session that expires mid-work lands on the login page, keeping the URL to come back to.
    setUnauthenticatedHandler(() => qc.setQueryData(ME_KEY, null));
    return () => setUnauthenticatedHandler(null);
  }, [qc]);

  useEffect(() => {
    // Opening the app with a live session: the profile's language applies unless this browser chose one.
    if (!me || languageChecked.current) return;
    languageChecked.current = true;
    const profile = toLocale(me.user?.locale);
    if (profile && !storedLanguage()) applyLanguage(profile);
  }, [me]);

  if (meQuery.isPending) return <PageLoader />;
  if (meQuery.isError)
    return (
      <Center p="xl">
        <ErrorState error={meQuery.error} onRetry={() => void meQuery.refetch()} />
      </Center>
    );
  if (!me) return <LoginPage />;

  const guarded = (permission: string, el: ReactNode) => (
    <RequirePermission permission={permission}>{el}</RequirePermission>
  );
  return (
    <SessionProvider me={me}>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<DashboardPage />} />
          <Route path="login" element={<Navigate to="/" replace />} />
          {webModules.flatMap((m) =>
            m.routes.map(({ path, permission, page: Page }) => {
              const el = (
                <Suspense fallback={<PageLoader />}>
                  <Page />
                </Suspense>
              );
              return <Route key={path} path={path} element={permission ? guarded(permission, el) : el} />;
            }),
          )}
          {DATA.length > 0 && <Route path="data" element={<Navigate to={DATA[0].path} replace />} />}
          {MODULES.filter((m) => !BUILT_MODULES.includes(m.key)).map((m) => (
            <Route key={m.key} path={m.path.slice(1)} element={guarded(m.permission, <ModulePage module={m.key} />)} />
          ))}
          <Route path="settings" element={<Navigate to="/settings/profile" replace />} />
          <Route path="settings/profile" element={<ProfilePage />} />
          <Route path="settings/workspace" element={guarded('settings:read', <WorkspacePage />)} />
          <Route path="settings/users" element={guarded('settings:read', <UsersPage />)} />
          <Route path="settings/roles" element={guarded('settings:read', <RolesPage />)} />
          <Route path="settings/api-keys" element={guarded('settings:manage', <ApiKeysPage />)} />
          <Route path="settings/webhooks" element={guarded('settings:manage', <WebhooksPage />)} />
          <Route path="settings/webhooks/:id" element={guarded('settings:manage', <WebhookDetailPage />)} />
          <Route path="settings/jobs" element={guarded('jobs:read', <JobsPage />)} />
          <Route path="settings/audit" element={guarded('audit:read', <AuditPage />)} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}
