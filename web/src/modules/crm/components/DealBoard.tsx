import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Box, Card, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import { notifyError, notifySuccess } from '../../../notify.ts';
import { CloseReasonModal } from './CloseReasonModal.tsx';
import { BOARD_KEY, SALES_KEYS, localDay, refName, useMoney } from './sales-api.ts';
import type { Board, BoardColumn, CurrencyTotal, Deal } from './sales-types.ts';

type Lanes = Record<string, string[]>;

const lanesOf = (board: Board): Lanes =>
  Object.fromEntries(board.columns.map((c) => [c.stage.id, c.deals.map((d) => d.id)]));
const laneOf = (lanes: Lanes, id: string): string | undefined =>
  id in lanes ? id : Object.keys(lanes).find((k) => lanes[k]!.includes(id));

/** A column's per-currency totals with one deal added (sign 1) or taken out (-1). */
function addTotal(totals: CurrencyTotal[], deal: Deal, sign: 1 | -1): CurrencyTotal[] {
  const hit = totals.find((x) => x.currency === deal.currency);
  const next = hit
    ? totals.map((x) => (x === hit ? { ...x, count: x.count + sign, amount: x.amount + sign * (deal.amount ?? 0) } : x))
    : sign > 0
      ? [...totals, { currency: deal.currency, count: 1, amount: deal.amount ?? 0 }]
      : totals;
  return next.filter((x) => x.count > 0);
}

/** The board with `dealId` moved to `stageId` at `index`: counts and sums follow the card. */
function applyMove(board: Board, dealId: string, stageId: string, index: number, position?: number): Board {
  const deal = board.columns.flatMap((c) => c.deals).find((d) => d.id === dealId);
  if (!deal) return board;
  const target = board.columns.find((c) => c.stage.id === stageId);
  const status = target?.stage.kind ?? deal.status;
  const moved: Deal = {
    ...deal,
    stageId,
    status,
    position: position ?? deal.position,
    closedAt: status === 'open' ? null : (deal.closedAt ?? new Date().toISOString()),
  };
  const columns: BoardColumn[] = board.columns.map((c) => {
    const without = c.deals.filter((d) => d.id !== dealId);
    const had = without.length !== c.deals.length;
    if (c.stage.id === stageId) {
      const deals = [...without];
      deals.splice(Math.min(index, deals.length), 0, moved);
      return had
        ? { ...c, deals }
        : {
            ...c,
            deals,
            count: c.count + 1,
            amount: c.amount + (deal.amount ?? 0),
            byCurrency: addTotal(c.byCurrency ?? [], deal, 1),
          };
    }
    return had
      ? {
          ...c,
          deals: without,
          count: c.count - 1,
          amount: c.amount - (deal.amount ?? 0),
          byCurrency: addTotal(c.byCurrency ?? [], deal, -1),
        }
      : c;
  });
  return { ...board, columns };
}

interface PendingMove {
  deal: Deal;
  stageId: string;
  index: number;
  /** Between the neighbours' positions (the API keeps fractional positions); absent = end of column. */
  position?: number;
  before: Board;
}

/**
 * The pipeline board: a column per stage, cards dragged between and within columns. The move is
 * shown at once and sent to `POST /deals/{id}/move`; a refused move puts the card back and says why.
 */
export function DealBoard({
  board,
  pipelineId,
  ownerId = null,
  writable,
}: {
  board: Board;
  pipelineId: string;
  ownerId?: string | null;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const money = useMoney();
  const key = [...BOARD_KEY, pipelineId, ownerId];
  const [lanes, setLanes] = useState<Lanes>(() => lanesOf(board));
  const [activeId, setActiveId] = useState<string | null>(null);
  const [lostMove, setLostMove] = useState<PendingMove | null>(null);
  const dragging = useRef(false);
  // Between drags the lanes follow the server; during one they follow the pointer.
  useEffect(() => {
    if (!dragging.current) setLanes(lanesOf(board));
  }, [board]);

  const deals = useMemo(() => new Map(board.columns.flatMap((c) => c.deals).map((d) => [d.id, d])), [board]);
  const stages = useMemo(() => new Map(board.columns.map((c) => [c.stage.id, c.stage])), [board]);

  const move = useMutation({
    mutationFn: (m: PendingMove & { closeReason?: string }) =>
      post<Deal>(`/deals/${m.deal.id}/move`, {
        stageId: m.stageId,
        ...(m.position !== undefined ? { position: m.position } : {}),
        ...(m.closeReason ? { closeReason: m.closeReason } : {}),
      }),
    onSuccess: (_d, m) => {
      if (m.deal.stageId !== m.stageId)
        notifySuccess(t('crm.deals.moved', { title: m.deal.title, stage: stages.get(m.stageId)?.name ?? '' }));
    },
    onError: (e, m) => {
      qc.setQueryData(key, m.before);
      setLanes(lanesOf(m.before));
      notifyError(e, t('crm.deals.moveFailed'));
    },
    onSettled: () => Promise.all(SALES_KEYS.map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });

  const commit = (m: PendingMove, closeReason?: string) => {
    qc.setQueryData(key, applyMove(m.before, m.deal.id, m.stageId, m.index, m.position));
    move.mutate({ ...m, closeReason });
  };

  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still opens the deal.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const onDragStart = (e: DragStartEvent) => {
    dragging.current = true;
    setActiveId(String(e.active.id));
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    const id = String(active.id);
    setLanes((prev) => {
      const from = laneOf(prev, id);
      const to = laneOf(prev, String(over.id));
      if (!from || !to || from === to) return prev;
      const target = prev[to]!.filter((x) => x !== id);
      const overIndex = target.indexOf(String(over.id));
      target.splice(overIndex >= 0 ? overIndex : target.length, 0, id);
      return { ...prev, [from]: prev[from]!.filter((x) => x !== id), [to]: target };
    });
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    dragging.current = false;
    setActiveId(null);
    const id = String(active.id);
    const deal = deals.get(id);
    const lane = laneOf(lanes, id);
    if (!deal || !over || !lane) {
      setLanes(lanesOf(board));
      return;
    }
    const ids = [...lanes[lane]!];
    const overId = String(over.id);
    const from = ids.indexOf(id);
    const to = overId === lane ? ids.length - 1 : ids.indexOf(overId);
    if (to >= 0 && from !== to) ids.splice(to, 0, ...ids.splice(from, 1));
    const index = ids.indexOf(id);
    const original = board.columns.find((c) => c.stage.id === deal.stageId)?.deals.findIndex((d) => d.id === id);
    setLanes({ ...lanes, [lane]: ids });
    if (lane === deal.stageId && index === original) return;
    const prev = index > 0 ? deals.get(ids[index - 1]!) : undefined;
    const next = deals.get(ids[index + 1] ?? '');
    const position =
      prev && next
        ? (prev.position + next.position) / 2
        : next
          ? next.position - 1024
          : prev
            ? prev.position + 1024
            : undefined;
    const pending: PendingMove = { deal, stageId: lane, index, position, before: board };
    if (lane !== deal.stageId && stages.get(lane)?.kind === 'lost') setLostMove(pending);
    else commit(pending);
  };

  const active = activeId ? deals.get(activeId) : undefined;
  return (
    <>
      <DndContext
        sensors={writable ? sensors : []}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => ((dragging.current = false), setActiveId(null), setLanes(lanesOf(board)))}
      >
        {/* A native scroller: its scrollbar shows whenever a lane is past the edge (a ScrollArea drew none until hovered). */}
        <Box style={{ overflowX: 'auto', maxWidth: '100%' }} data-testid="deal-board">
          <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm" w="max-content">
            {board.columns.map((c) => (
              <Lane
                key={c.stage.id}
                column={c}
                ids={lanes[c.stage.id] ?? []}
                deals={deals}
                currency={board.pipeline.currency}
                money={money}
                writable={writable}
              />
            ))}
          </Group>
        </Box>
        <DragOverlay>{active ? <DealCard deal={active} overlay /> : null}</DragOverlay>
      </DndContext>
      <CloseReasonModal
        opened={!!lostMove}
        title={lostMove?.deal.title ?? ''}
        onClose={() => {
          setLostMove(null);
          setLanes(lanesOf(board));
        }}
        onConfirm={(reason) => {
          if (lostMove) commit(lostMove, reason);
          setLostMove(null);
        }}
      />
    </>
  );
}

function Lane({
  column,
  ids,
  deals,
  currency,
  money,
  writable,
}: {
  column: BoardColumn;
  ids: string[];
  deals: Map<string, Deal>;
  currency: string;
  money: ReturnType<typeof useMoney>;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: column.stage.id });
  const color = column.stage.kind === 'won' ? 'teal' : column.stage.kind === 'lost' ? 'red' : 'blue';
  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      w={272}
      miw={272}
      bg={isOver ? 'var(--mantine-color-blue-light)' : 'var(--mantine-color-gray-light)'}
      data-testid={`board-column-${column.stage.id}`}
      data-stage-name={column.stage.name}
    >
      <Stack gap={2} mb="xs" px={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          {/* Stage names wrap to a second line (“Выявление потребностей” did not fit one); longer ones end in … and say the rest in the title. */}
          <Text fw={600} size="sm" lineClamp={2} title={column.stage.name} data-testid="column-title">
            {column.stage.name}
          </Text>
          {/* The count keeps its width; a long stage name is the one to shorten (it showed “8…” for 85). */}
          <Badge size="sm" variant="light" color={color} style={{ flexShrink: 0 }} data-testid="column-count">
            {column.count}
          </Badge>
        </Group>
        {/* One total per currency (never added up), the pipeline's first. */}
        <Text size="xs" c="dimmed" data-testid="column-amount">
          {column.byCurrency?.length
            ? column.byCurrency.map((x) => money(x.amount, x.currency)).join(' + ')
            : money(0, currency)}{' '}
          · {column.stage.probability}%
        </Text>
      </Stack>
      <SortableContext id={column.stage.id} items={ids} strategy={verticalListSortingStrategy}>
        {/* A long column (hundreds of lost deals) scrolls inside itself; the board keeps its height. */}
        <Stack
          ref={setNodeRef}
          gap={6}
          mih={80}
          mah="calc(100vh - 290px)"
          style={{ overflowY: 'auto' }}
          data-testid="column-cards"
        >
          {ids.map((id) => {
            const d = deals.get(id);
            return d ? <SortableCard key={id} deal={d} disabled={!writable} /> : null;
          })}
          {ids.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="lg">
              {t('crm.deals.emptyColumn')}
            </Text>
          )}
        </Stack>
      </SortableContext>
    </Paper>
  );
}

function SortableCard({ deal, disabled }: { deal: Deal; disabled: boolean }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: deal.id,
    disabled,
  });
  return (
    <div
      ref={setNodeRef}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.4 : 1,
        touchAction: 'none',
      }}
      {...attributes}
      {...listeners}
    >
      <DealCard deal={deal} />
    </div>
  );
}

export function DealCard({ deal, overlay }: { deal: Deal; overlay?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const money = useMoney();
  const navigate = useNavigate();
  const overdue = deal.status === 'open' && !!deal.expectedClose && deal.expectedClose < localDay();
  const who = [refName(deal.person, deal.personId), refName(deal.company, deal.companyId)].filter(Boolean).join(' · ');
  return (
    <Card
      withBorder
      padding="xs"
      radius="sm"
      shadow={overlay ? 'md' : undefined}
      style={{ cursor: overlay ? 'grabbing' : 'pointer' }}
      onClick={() => !overlay && navigate(`/deals/${deal.id}`)}
      data-testid={`deal-card-${deal.id}`}
    >
      <Text size="sm" fw={500} lineClamp={2}>
        {deal.title}
      </Text>
      <Text size="sm" fw={600} c="blue">
        {money(deal.amount, deal.currency)}
      </Text>
      {who && (
        <Text size="xs" c="dimmed" truncate>
          {who}
        </Text>
      )}
      <Group justify="space-between" gap={4} mt={2} wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {deal.owner?.name ?? ''}
        </Text>
        {deal.expectedClose && (
          <Text
            size="xs"
            c={overdue ? 'red' : 'dimmed'}
            title={overdue ? t('crm.deals.overdue') : t('crm.deals.fields.expectedClose')}
          >
            {f.date(`${deal.expectedClose}T00:00:00`)}
          </Text>
        )}
      </Group>
    </Card>
  );
}
