import { Button, Checkbox, Group, Select, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ActivityList } from '../../components/ActivityList.tsx';
import { CadenceFormModal } from '../../components/CadenceFormModal.tsx';
import { CadenceList } from '../../components/CadenceList.tsx';
import { LogActivityButton } from '../../components/LogActivityButton.tsx';
import { MemberSelect } from '../../components/Pickers.tsx';
import { ACTIVITY_KINDS } from '../../components/sales-types.ts';
import { IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { useSession } from '../../../../session.tsx';

export function ActivitiesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'cadences' ? 'cadences' : 'list';
  const [kind, setKind] = useState<string | null>(params.get('kind'));
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [open, setOpen] = useState(params.get('open') === 'true');
  const [creatingCadence, setCreatingCadence] = useState(false);

  return (
    <>
      <PageHeader
        title={t('crm.activities.title')}
        description={t('crm.activities.description')}
        actions={
          tab === 'list' ? (
            <LogActivityButton />
          ) : (
            can('crm:write') && (
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setCreatingCadence(true)}
                data-testid="new-cadence"
              >
                {t('crm.activities.cadences.add')}
              </Button>
            )
          )
        }
      />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v === 'cadences' ? { tab: 'cadences' } : {}, { replace: true })}
        mb="md"
      >
        <Tabs.List>
          <Tabs.Tab value="list">{t('crm.activities.tabs.list')}</Tabs.Tab>
          <Tabs.Tab value="cadences" data-testid="tab-cadences">
            {t('crm.activities.tabs.cadences')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'list' ? (
        <>
          <Group mb="md" gap="sm">
            <Select
              placeholder={t('crm.activities.filters.allKinds')}
              data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`crm.activities.kinds.${k}`) }))}
              value={kind}
              onChange={setKind}
              clearable
              w={180}
              data-testid="activities-kind"
            />
            <MemberSelect
              placeholder={t('crm.activities.filters.allOwners')}
              value={ownerId}
              onChange={setOwnerId}
              w={220}
            />
            <Checkbox
              label={t('crm.activities.filters.openTasks')}
              checked={open}
              onChange={(e) => setOpen(e.currentTarget.checked)}
              data-testid="activities-open"
            />
          </Group>
          <ActivityList filter={{ kind: open ? 'task' : (kind ?? undefined), ownerId: ownerId ?? undefined, open }} />
        </>
      ) : (
        <CadenceList />
      )}
      <CadenceFormModal opened={creatingCadence} onClose={() => setCreatingCadence(false)} />
    </>
  );
}
