import { Button, Group, SegmentedControl, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DealBoard } from '../../components/DealBoard.tsx';
import { DealFormModal } from '../../components/DealFormModal.tsx';
import { DealTable } from '../../components/DealTable.tsx';
import { MemberSelect } from '../../components/Pickers.tsx';
import { RecentlyDeleted } from '../../components/RecentlyDeleted.tsx';
import { BOARD_KEY, fetchBoard, usePipelines } from '../../components/sales-api.ts';
import { IconDeal, IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useSession } from '../../../../session.tsx';

const PIPELINE_STORAGE = 'kartoteka.crm.pipeline';

export function DealsPage() {
  const { t } = useTranslation();
  const { can, me } = useSession();
  const writable = can('crm:write');
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const list = pipelines.data ?? [];
  // The pipeline and view live in the URL (shareable, back button), the last pipeline in the browser.
  const wanted = params.get('pipeline') ?? localStorage.getItem(PIPELINE_STORAGE);
  const pipeline = list.find((p) => p.id === wanted) ?? list[0];
  const wantedView = params.get('view');
  // "Recently deleted" is a third view, for those who may delete (the API asks for crm:write).
  const view = wantedView === 'table' ? 'table' : wantedView === 'deleted' && writable ? 'deleted' : 'board';
  const [creating, setCreating] = useState(false);
  // The owner filter (board and table) lives in the address too: `owner=me` is "my deals" for whoever opens the link.
  const ownerParam = params.get('owner');
  const myId = me.user?.id ?? null;
  const ownerId = ownerParam === 'me' ? myId : ownerParam;
  const mine = !!ownerId && ownerId === myId;

  useEffect(() => {
    if (pipeline) localStorage.setItem(PIPELINE_STORAGE, pipeline.id);
  }, [pipeline]);

  const board = useQuery({
    queryKey: [...BOARD_KEY, pipeline?.id, ownerId],
    queryFn: () => fetchBoard(pipeline!.id, ownerId),
    enabled: !!pipeline && view === 'board',
  });
  const setParam = (k: string, v: string | null) =>
    setParams(
      (p) => {
        if (v === null) p.delete(k);
        else p.set(k, v);
        return p;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t('crm.deals.title')}
        description={t('crm.deals.description')}
        actions={
          list.length > 0 && (
            <>
              <Select
                searchable
                data={list.map((p) => ({ value: p.id, label: p.name }))}
                value={pipeline?.id ?? null}
                onChange={(v) => v && setParam('pipeline', v)}
                allowDeselect={false}
                aria-label={t('crm.deals.pipeline')}
                w={220}
                data-testid="pipeline-switch"
              />
              <SegmentedControl
                value={view}
                onChange={(v) => setParam('view', v)}
                data={[
                  { value: 'board', label: t('crm.deals.board') },
                  { value: 'table', label: t('crm.deals.table') },
                  ...(writable ? [{ value: 'deleted', label: t('crm.common.restore.recentlyDeleted') }] : []),
                ]}
                data-testid="deals-view"
              />
              {writable && (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-deal">
                  {t('crm.deals.newDeal')}
                </Button>
              )}
            </>
          )
        }
      />
      {pipeline && view !== 'deleted' && (
        <Group gap="sm" mb="sm" data-testid="deals-board-filters">
          {myId && (
            <Button
              size="sm"
              radius="xl"
              variant={mine ? 'filled' : 'default'}
              aria-pressed={mine}
              onClick={() => setParam('owner', mine ? null : 'me')}
              data-testid="deals-mine"
            >
              {t('crm.deals.myDeals')}
            </Button>
          )}
          <MemberSelect
            placeholder={t('crm.deals.allOwners')}
            aria-label={t('crm.deals.fields.owner')}
            value={ownerId}
            onChange={(v) => setParam('owner', v && v === myId ? 'me' : v)}
            w={240}
            data-testid="deals-owner"
          />
        </Group>
      )}
      {pipelines.isPending ? (
        <PageLoader />
      ) : pipelines.isError ? (
        <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !pipeline ? (
        <Empty
          testId="deals-no-pipelines"
          icon={<IconDeal size={28} />}
          title={t('crm.deals.noPipelines')}
          description={t('crm.deals.noPipelinesText')}
          action={
            can('crm:write') && (
              <Button component={Link} to="/settings/pipelines">
                {t('crm.deals.createPipeline')}
              </Button>
            )
          }
        />
      ) : view === 'deleted' ? (
        <RecentlyDeleted entity="deals" />
      ) : view === 'table' ? (
        <DealTable
          pipeline={pipeline}
          ownerId={ownerId}
          status={params.get('status')}
          onStatus={(v) => setParam('status', v)}
        />
      ) : board.isPending ? (
        <PageLoader />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        <DealBoard board={board.data} pipelineId={pipeline.id} ownerId={ownerId} writable={writable} />
      )}
      <DealFormModal opened={creating} preset={{ pipelineId: pipeline?.id }} onClose={() => setCreating(false)} />
    </>
  );
}
