import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { errorMessage } from '../../../../notify.ts';
import { useSession } from '../../../../session.tsx';
import {
  CONVERSATION_STATUSES,
  MACROS_KEY,
  type Macro,
  type Member,
  PRIORITIES,
  type Team,
  useMacros,
  useMembers,
  useTeams,
} from '../../api.ts';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';

type Actions = Macro['actions'];
const NONE = '__none';
const pick = (v: string | null | undefined) => (v === undefined ? null : v === null ? NONE : v);
const unpick = (v: string | null) => (v === null ? undefined : v === NONE ? null : v);

/** Only the actions given (an empty field is no action). */
function clean(a: Actions): Actions {
  const out: Actions = {};
  if (a.status) out.status = a.status;
  if (a.priority) out.priority = a.priority;
  if (a.teamId !== undefined) out.teamId = a.teamId;
  if (a.assigneeId !== undefined) out.assigneeId = a.assigneeId;
  if (a.topic?.trim()) out.topic = a.topic.trim();
  if (a.addTags?.length) out.addTags = a.addTags;
  if (a.removeTags?.length) out.removeTags = a.removeTags;
  if (a.reply?.trim()) out.reply = a.reply.trim();
  if (a.note?.trim()) out.note = a.note.trim();
  return out;
}

function summary(t: TFunction, a: Actions, teams: Team[] | null | undefined, members: Member[] | undefined) {
  const r = 'service.settings.macros';
  const nobody = t('service.settings.automation.act.nobody');
  return (
    [
      a.reply ? t(`${r}.replies`) : null,
      a.note ? t(`${r}.notes`) : null,
      a.status ? `${t('service.fields.status')}: ${t(`service.statuses.${a.status}`)}` : null,
      a.priority ? `${t('service.fields.priority')}: ${t(`service.priorities.${a.priority}`)}` : null,
      a.teamId !== undefined
        ? `${t('service.fields.team')}: ${a.teamId ? (teams?.find((x) => x.id === a.teamId)?.name ?? '—') : nobody}`
        : null,
      a.assigneeId !== undefined
        ? `${t('service.fields.assignee')}: ${a.assigneeId ? (members?.find((x) => x.id === a.assigneeId)?.name ?? '—') : nobody}`
        : null,
      a.topic ? `${t(`${r}.topic`)}: ${a.topic}` : null,
      a.addTags?.length ? `+${a.addTags.join(', +')}` : null,
      a.removeTags?.length ? `−${a.removeTags.join(', −')}` : null,
    ]
      .filter(Boolean)
      .join(' · ') || '—'
  );
}

/** Macros: one click in the reply box answers, notes and sets the ticket's fields. */
export function MacrosSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useMacros();
  const teams = useTeams();
  const members = useMembers();
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Macro | null>(null);
  const write = can('service:write');
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === null) return <NotAvailable />;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('service.settings.macros.intro')}
      </Text>
      <NewButton
        label={t('service.settings.macros.new')}
        onClick={() => setEditing('new')}
        testId="macro-new"
        can={write}
      />
      {q.data.length === 0 ? (
        <Empty testId="macros-empty" title={t('service.settings.macros.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="macros-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('service.settings.name')}</Table.Th>
                  <Table.Th>{t('service.settings.macros.does')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((m) => (
                  <Table.Tr
                    key={m.id}
                    data-testid="macro-row"
                    style={{ cursor: write ? 'pointer' : undefined }}
                    onClick={() => write && setEditing(m)}
                  >
                    <Table.Td>
                      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                        {m.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" maw={480} style={{ overflowWrap: 'anywhere' }}>
                        {summary(t, m.actions, teams.data, members.data)}
                      </Text>
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {write && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('service.settings.delete')}
                          onClick={() => setDeleting(m)}
                          data-testid="macro-delete"
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {editing && <MacroModal macro={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <DeleteConfirm target={deleting} path="/macros" queryKey={MACROS_KEY} onClose={() => setDeleting(null)} />
    </>
  );
}

function MacroModal({ macro, onClose }: { macro: Macro | null; onClose: () => void }) {
  const { t } = useTranslation();
  const r = 'service.settings.macros';
  const teams = useTeams();
  const members = useMembers();
  const [name, setName] = useState(macro?.name ?? '');
  const [a, setA] = useState<Actions>(macro?.actions ?? {});
  const set = <K extends keyof Actions>(k: K, v: Actions[K] | undefined) => {
    const next = { ...a, [k]: v };
    if (v === undefined) delete next[k];
    setA(next);
  };
  const body = () => ({ name: name.trim(), actions: clean(a) });
  const save = useApiMutation({
    mutationFn: () => (macro ? patch(`/macros/${macro.id}`, body()) : post('/macros', body())),
    success: () => (macro ? t('service.settings.saved') : t(`${r}.created`)),
    invalidate: [MACROS_KEY],
    onSuccess: onClose,
  });
  const empty = Object.keys(clean(a)).length === 0;
  const teamData = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  const memberData = (members.data ?? []).map((m) => ({ value: m.id, label: m.name }));
  return (
    <Modal opened onClose={onClose} title={macro ? macro.name : t(`${r}.new`)} size="lg">
      <Stack gap="sm" data-testid="macro-modal">
        <TextInput
          label={t('service.settings.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={200}
          data-testid="macro-name"
        />
        <Textarea
          label={t(`${r}.reply`)}
          description={t(`${r}.replyHint`)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={10_000}
          value={a.reply ?? ''}
          onChange={(e) => set('reply', e.currentTarget.value || undefined)}
          data-testid="macro-reply"
        />
        <Textarea
          label={t(`${r}.note`)}
          autosize
          minRows={1}
          maxRows={6}
          maxLength={10_000}
          value={a.note ?? ''}
          onChange={(e) => set('note', e.currentTarget.value || undefined)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t(`${r}.status`)}
            data={CONVERSATION_STATUSES.filter((x) => x !== 'new').map((x) => ({
              value: x,
              label: t(`service.statuses.${x}`),
            }))}
            value={a.status ?? null}
            onChange={(v) => set('status', (v ?? undefined) as Actions['status'])}
            clearable
            data-testid="macro-status"
          />
          <Select
            label={t(`${r}.priority`)}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
            value={a.priority ?? null}
            onChange={(v) => set('priority', (v ?? undefined) as Actions['priority'])}
            clearable
          />
          <Select
            label={t(`${r}.team`)}
            data={[{ value: NONE, label: t('service.settings.automation.act.nobody') }, ...teamData]}
            value={pick(a.teamId)}
            onChange={(v) => set('teamId', unpick(v))}
            clearable
          />
          <Select
            label={t(`${r}.assignee`)}
            data={[{ value: NONE, label: t('service.settings.automation.act.nobody') }, ...memberData]}
            value={pick(a.assigneeId)}
            onChange={(v) => set('assigneeId', unpick(v))}
            clearable
            searchable
          />
          <TextInput
            label={t(`${r}.topic`)}
            value={a.topic ?? ''}
            maxLength={100}
            onChange={(e) => set('topic', e.currentTarget.value || undefined)}
          />
          <TagsInput
            label={t(`${r}.addTags`)}
            value={a.addTags ?? []}
            onChange={(v) => set('addTags', v.length ? v : undefined)}
          />
          <TagsInput
            label={t(`${r}.removeTags`)}
            value={a.removeTags ?? []}
            onChange={(v) => set('removeTags', v.length ? v : undefined)}
          />
        </SimpleGrid>
        {save.isError && (
          <Alert color="red" variant="light" data-testid="macro-error">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!name.trim() || empty}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="macro-save"
          >
            {macro ? t(`${r}.save`) : t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
