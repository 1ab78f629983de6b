import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  MultiSelect,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { errorMessage } from '../../../../notify.ts';
import { segmentKey } from './api.ts';
import { type ListUpload, UPLOAD_IDENTIFIERS, type UploadIdentifier, uploadForm } from './list-api.ts';

/** People picked by a search of the people list (name, email, phone), added to a list in one go. */
export function AddMembers({ id }: { id: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<string[]>([]);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const found = useQuery({
    queryKey: ['segments', 'people-search', q],
    queryFn: () => get<ResponseOf<'listPeople'>>('/people', { q, limit: 10 }),
    enabled: q.trim().length >= 2,
  });
  const options = [
    ...picked.map((p) => ({ value: p, label: labels[p] ?? p })),
    ...(found.data?.data ?? [])
      .filter((p) => !picked.includes(p.id))
      .map((p) => ({ value: p.id, label: [p.name, p.emails[0]].filter(Boolean).join(' · ') })),
  ];
  const add = useApiMutation({
    mutationFn: () => post<{ added: number }>(`/segments/${id}/members`, { personIds: picked }),
    success: (r) => t('segmentation.list.added', { count: r.added }),
    invalidate: [segmentKey(id)],
    onSuccess: () => {
      setPicked([]);
      setSearch('');
    },
  });
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <MultiSelect
        label={t('segmentation.list.addPeople')}
        placeholder={t('segmentation.list.searchPeople')}
        data={options}
        value={picked}
        onChange={(v) => {
          const next = { ...labels };
          for (const o of options) if (v.includes(o.value)) next[o.value] = o.label;
          setLabels(next);
          setPicked(v);
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: o }) => o}
        nothingFoundMessage={q.trim().length >= 2 && !found.isFetching ? t('common.nothingFound') : undefined}
        style={{ flex: 1, minWidth: 280 }}
        comboboxProps={{ withinPortal: true }}
        data-testid="list-add-search"
      />
      <Button
        disabled={picked.length === 0}
        loading={add.isPending}
        onClick={() => add.mutate()}
        data-testid="list-add"
      >
        {t('segmentation.list.add')}
      </Button>
    </Group>
  );
}

/** A CSV of identifiers uploaded to a list: matched people are added (or replace the list), each row reported. */
export function UploadList({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [identifier, setIdentifier] = useState<UploadIdentifier>('email');
  const [externalType, setExternalType] = useState('');
  const [column, setColumn] = useState('');
  const [mode, setMode] = useState<'add' | 'replace'>('add');
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = useQuery({
    queryKey: [...segmentKey(id), 'upload', uploadId],
    queryFn: () => get<ListUpload>(`/segments/${id}/uploads/${uploadId}`),
    enabled: !!uploadId,
    refetchInterval: (q) => (['done', 'failed'].includes(q.state.data?.status ?? '') ? false : 1000),
  });
  const u = upload.data;
  const finished = u && ['done', 'failed'].includes(u.status);
  // Once the upload is through, the list's size and members are read again.
  useEffect(() => {
    if (finished) void qc.invalidateQueries({ queryKey: segmentKey(id) });
  }, [finished, qc, id]);

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setUploadId(null);
    try {
      const form = new FormData();
      form.set('identifier', identifier === 'external' ? `external:${externalType.trim()}` : identifier);
      if (column.trim()) form.set('column', column.trim());
      form.set('mode', mode);
      form.set('file', file);
      const r = await uploadForm<{ id: string }>(`/segments/${id}/uploads`, form);
      setUploadId(r.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="list-upload">
      <Title order={5}>{t('segmentation.upload.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('segmentation.upload.hint')}
      </Text>
      {/* The browser's own file box speaks the browser's language, not the app's. */}
      <input
        ref={fileRef}
        type="file"
        hidden
        accept=".csv,text/csv,text/plain"
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        aria-label={t('segmentation.upload.file')}
        data-testid="list-upload-file"
      />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('segmentation.upload.file')}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" onClick={() => fileRef.current?.click()} data-testid="list-upload-choose">
              {t('segmentation.upload.choose')}
            </Button>
            <Text size="sm" c={file ? undefined : 'dimmed'} truncate="end" maw={200} title={file?.name}>
              {file?.name ?? t('segmentation.upload.noFile')}
            </Text>
          </Group>
        </Stack>
        <Select
          label={t('segmentation.upload.identifier')}
          data={UPLOAD_IDENTIFIERS.map((k) => ({ value: k, label: t(`segmentation.upload.identifiers.${k}`) }))}
          value={identifier}
          onChange={(v) => v && setIdentifier(v as UploadIdentifier)}
          allowDeselect={false}
          w={180}
          data-testid="list-upload-identifier"
        />
        {identifier === 'external' && (
          <TextInput
            label={t('segmentation.upload.externalType')}
            placeholder="loyalty_card"
            value={externalType}
            onChange={(e) => setExternalType(e.currentTarget.value)}
            w={160}
          />
        )}
        <TextInput
          label={t('segmentation.upload.column')}
          placeholder={t('segmentation.upload.columnHint')}
          value={column}
          onChange={(e) => setColumn(e.currentTarget.value)}
          w={180}
          data-testid="list-upload-column"
        />
        <Select
          label={t('segmentation.upload.mode')}
          data={(['add', 'replace'] as const).map((m) => ({ value: m, label: t(`segmentation.upload.modes.${m}`) }))}
          value={mode}
          onChange={(v) => v && setMode(v as 'add' | 'replace')}
          allowDeselect={false}
          w={200}
        />
        <Button
          disabled={!file || (identifier === 'external' && !externalType.trim())}
          loading={busy}
          onClick={() => void send()}
          data-testid="list-upload-send"
        >
          {t('segmentation.upload.send')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" data-testid="list-upload-error">
          {error}
        </Alert>
      )}
      {u && (
        <Card withBorder padding="sm" data-testid="list-upload-report" data-status={u.status}>
          <Stack gap="xs">
            {!finished && <Progress value={100} animated striped />}
            <Text size="sm" data-testid="list-upload-status">
              {t(`segmentation.upload.statuses.${u.status}`)}
            </Text>
            {u.error && (
              <Text size="sm" c="red">
                {u.error}
              </Text>
            )}
            <Group gap="lg">
              {(['rows', 'matched', 'added', 'removed', 'unmatched'] as const).map((k) => (
                <Stack key={k} gap={0}>
                  <Text size="xs" c="dimmed">
                    {t(`segmentation.upload.counts.${k}`)}
                  </Text>
                  <Text fw={600} data-testid={`list-upload-${k}`}>
                    {u[k]}
                  </Text>
                </Stack>
              ))}
            </Group>
            {u.errors.length > 0 && (
              <Table verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('segmentation.upload.row')}</Table.Th>
                    <Table.Th>{t('segmentation.upload.value')}</Table.Th>
                    <Table.Th>{t('segmentation.upload.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {u.errors.map((e) => (
                    <Table.Tr key={e.row}>
                      <Table.Td>{e.row}</Table.Td>
                      <Table.Td>{e.value}</Table.Td>
                      <Table.Td>{e.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {finished && u.unmatched > 0 && (
              <Anchor
                href={`/api/v1/segments/${id}/uploads/${u.id}/rejected.csv`}
                size="sm"
                data-testid="list-upload-rejected"
              >
                {t('segmentation.upload.rejected')}
              </Anchor>
            )}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
