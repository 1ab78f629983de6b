import { Suspense } from 'react';
import { webModules } from '../modules/index.ts';
import type { RecordPanel, WebModule } from '../modules/types.ts';
import { useSession } from '../session.tsx';

const PERSON_PANELS: readonly RecordPanel[] = (webModules as readonly WebModule[]).flatMap(
  (m) => m.panels?.person ?? [],
);

/**
 * The panels other modules add to the person card (a module's `panels.person`, in menu order), each
 * shown to those who have its permission. The card itself knows none of them.
 */
export function PersonModulePanels({ personId }: { personId: string }) {
  const { can } = useSession();
  return (
    <>
      {PERSON_PANELS.filter((p) => can(p.permission)).map(({ key, component: Panel }) => (
        <Suspense key={key} fallback={null}>
          <Panel personId={personId} />
        </Suspense>
      ))}
    </>
  );
}
