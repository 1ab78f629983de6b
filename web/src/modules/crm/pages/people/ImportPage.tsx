import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, post } from '../../../../api.ts';
import type { BodyOf, ResponseOf } from '../../../../api/contract.ts';
import {
  COMPANIES_KEY,
  IMPORTS_KEY,
  PEOPLE_KEY,
  uploadFile,
  useCustomFields,
  type ImportJob,
  type ImportUpload,
} from '../../components/people-api.ts';
import { IconArrowLeft } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { errorMessage } from '../../../../notify.ts';

const ENTITIES = ['people', 'companies', 'deals'] as const;
type Entity = (typeof ENTITIES)[number];
/** What a column can become (src/crm/import-fields.ts); custom fields are `cf.<key>`. */
const FIELDS: Record<Entity, readonly string[]> = {
  people: [
    'firstName',
    'lastName',
    'fullName',
    'email',
    'phone',
    'company',
    'position',
    'ownerEmail',
    'lifecycleStage',
    'source',
    'street',
    'city',
    'region',
    'country',
    'postalCode',
    'birthday',
    'tags',
    'externalId',
  ],
  companies: [
    'name',
    'domain',
    'industry',
    'size',
    'phone',
    'website',
    'ownerEmail',
    'street',
    'city',
    'region',
    'country',
    'postalCode',
    'tags',
    'externalId',
  ],
  deals: [
    'title',
    'pipeline',
    'stage',
    'amount',
    'currency',
    'probability',
    'expectedClose',
    'ownerEmail',
    'personEmail',
    'personPhone',
    'company',
    'source',
    'campaign',
    'region',
    'tags',
    'closeReason',
    'externalId',
  ],
};
type UpsertBy = NonNullable<BodyOf<'startImport'>['upsertBy']>;
const UPSERT: Record<Entity, readonly UpsertBy[]> = {
  people: ['email', 'phone', 'externalId'],
  companies: ['phone', 'externalId'],
  deals: ['externalId'],
};
const CF_ENTITY = { people: 'person', companies: 'company', deals: 'deal' } as const;
const SKIP = '__skip';
const ACTIVE = ['uploaded', 'queued', 'running'];

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = status === 'done' ? 'teal' : status === 'failed' ? 'red' : status === 'expired' ? 'gray' : 'blue';
  const badge = (
    <Badge color={color} variant="light" data-testid="import-status" data-status={status}>
      {t(`crm.imports.status.${status}` as 'crm.imports.status.done', { defaultValue: status })}
    </Badge>
  );
  return status === 'expired' ? <Tooltip label={t('crm.imports.expiredHint')}>{badge}</Tooltip> : badge;
}

/** A preview row as cells in column order, whether the API sends arrays or objects. */
const cells = (row: unknown, columns: string[]): string[] =>
  Array.isArray(row)
    ? row.map((c) => String(c ?? ''))
    : columns.map((c) => String((row as Record<string, unknown>)?.[c] ?? ''));

/** What the preview can tell before the import: a cell mapped to an email or a phone that cannot be one. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function cellProblem(field: string | undefined, value: string): 'invalidEmail' | 'invalidPhone' | null {
  const parts = value
    .split(/[;,\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  if (field === 'email' || field === 'personEmail') return parts.some((p) => !EMAIL.test(p)) ? 'invalidEmail' : null;
  if (field === 'phone' || field === 'personPhone') {
    // Digits with the usual punctuation, 10 to 15 of them (a Russian number with 8 or 7 in front is 11).
    return parts.some((p) => !/^\+?[\d\s().-]+$/.test(p) || !/^\d{10,15}$/.test(p.replace(/\D/g, '')))
      ? 'invalidPhone'
      : null;
  }
  return null;
}

/** GET /imports/{id}/errors: a page of the rejected rows, `total` of them in all. */
type RowErrors = ResponseOf<'listImportErrors'>;
const ROW_ERRORS_PAGE = 10;

/** The rejected rows on the page, ten at a time: row (the file's line), field and the reason in the UI's language. */
function RowErrors({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: [...IMPORTS_KEY, job.id, 'errors', page],
    queryFn: () =>
      get<RowErrors>(`/imports/${job.id}/errors`, { offset: (page - 1) * ROW_ERRORS_PAGE, limit: ROW_ERRORS_PAGE }),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.data.length === 0)
    return (
      <Text size="sm" c="dimmed" mt="md">
        {t('crm.imports.rowErrors.notListed')}
      </Text>
    );
  const pages = Math.ceil(q.data.total / ROW_ERRORS_PAGE);
  return (
    <Stack gap="xs" mt="md">
      <Title order={5}>{t('crm.imports.rowErrors.title')}</Title>
      <Table verticalSpacing={4} fz="sm" withTableBorder data-testid="import-row-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>{t('crm.imports.rowErrors.row')}</Table.Th>
            <Table.Th w={200}>{t('crm.imports.rowErrors.field')}</Table.Th>
            <Table.Th>{t('crm.imports.rowErrors.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.data.map((e) => (
            <Table.Tr key={e.row} data-testid="import-row-error" data-code={e.code}>
              <Table.Td>{e.row}</Table.Td>
              <Table.Td>
                {e.field
                  ? t(`crm.imports.fields.${e.field}` as 'crm.imports.fields.email', {
                      defaultValue: e.field.replace(/^cf\./, ''),
                    })
                  : t('crm.imports.rowErrors.wholeRow')}
              </Table.Td>
              <Table.Td>
                {t(`crm.imports.codes.${e.code}` as 'crm.imports.codes.invalid_email', { defaultValue: e.message })}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && (
        <Pagination size="sm" total={pages} value={page} onChange={setPage} data-testid="import-row-errors-pages" />
      )}
    </Stack>
  );
}

function Report({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  const total = job.totalRows ?? 0;
  const pct =
    job.progress != null
      ? job.progress <= 1
        ? job.progress * 100
        : job.progress
      : total
        ? (job.processedRows / total) * 100
        : 0;
  const running = ACTIVE.includes(job.status);
  return (
    <Card withBorder padding="lg" data-testid="import-report">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{running ? t('crm.imports.running') : t('crm.imports.report')}</Title>
        <StatusBadge status={job.status} />
      </Group>
      {running && (
        <Stack gap={4} mb="md">
          <Progress value={pct} animated striped data-testid="import-progress" />
          <Text size="xs" c="dimmed">
            {t('crm.imports.processed', { done: job.processedRows, total: job.totalRows ?? '…' })}
          </Text>
        </Stack>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('crm.imports.counts.processed')}
          </Text>
          <Text fw={600} size="lg" data-testid="import-processed">
            {job.processedRows}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('crm.imports.counts.created')}
          </Text>
          <Text fw={600} size="lg" c="teal" data-testid="import-created">
            {job.createdRows}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('crm.imports.counts.updated')}
          </Text>
          <Text fw={600} size="lg" data-testid="import-updated">
            {job.updatedRows}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('crm.imports.counts.failed')}
          </Text>
          <Text fw={600} size="lg" c={job.failedRows ? 'red' : undefined} data-testid="import-failed">
            {job.failedRows}
          </Text>
        </Stack>
      </SimpleGrid>
      {job.error && (
        <Alert color="red" variant="light" mt="md" data-testid="import-error">
          {job.error}
        </Alert>
      )}
      {!running && job.failedRows > 0 && <RowErrors job={job} />}
      {!running && (job.hasErrorsFile ?? job.failedRows > 0) && (
        <Anchor
          href={`/api/v1/imports/${job.id}/errors.csv?lang=${i18n.language.slice(0, 2)}`}
          download
          mt="md"
          display="inline-block"
          data-testid="import-errors-link"
        >
          {t('crm.imports.downloadRejected', { count: job.failedRows })}
        </Anchor>
      )}
    </Card>
  );
}

function History() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: () => get<ResponseOf<'listImports'>>('/imports', { limit: 20 }).then((r) => r.data),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="imports-empty">
        {t('crm.imports.noHistory')}
      </Text>
    );
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={700}>
        <Table verticalSpacing="xs" fz="sm" data-testid="imports-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('crm.imports.file')}</Table.Th>
              <Table.Th>{t('crm.imports.entity')}</Table.Th>
              <Table.Th>{t('crm.imports.state')}</Table.Th>
              <Table.Th>{t('crm.imports.counts.created')}</Table.Th>
              <Table.Th>{t('crm.imports.counts.updated')}</Table.Th>
              <Table.Th>{t('crm.imports.counts.failed')}</Table.Th>
              <Table.Th>{t('crm.common.createdAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.map((j) => (
              <Table.Tr key={j.id} data-testid="import-row">
                <Table.Td>{j.fileName}</Table.Td>
                <Table.Td>
                  {t(`crm.imports.entities.${j.entity}` as 'crm.imports.entities.people', { defaultValue: j.entity })}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={j.status} />
                </Table.Td>
                <Table.Td>{j.createdRows}</Table.Td>
                <Table.Td>{j.updatedRows}</Table.Td>
                <Table.Td>
                  {j.failedRows > 0 && !ACTIVE.includes(j.status) ? (
                    <Anchor
                      href={`/api/v1/imports/${j.id}/errors.csv?lang=${i18n.language.slice(0, 2)}`}
                      download
                      size="sm"
                    >
                      {j.failedRows}
                    </Anchor>
                  ) : (
                    j.failedRows
                  )}
                </Table.Td>
                <Table.Td>{f.dateTime(j.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** CSV import: upload → check what was detected and map columns → progress → report with rejected rows. */
export function ImportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [sp] = useSearchParams();
  const [entity, setEntity] = useState<Entity>(
    ENTITIES.includes(sp.get('entity') as Entity) ? (sp.get('entity') as Entity) : 'people',
  );
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [upsertBy, setUpsertBy] = useState<UpsertBy | 'none'>('none');
  const [jobId, setJobId] = useState<string | null>(null);
  const cfs = useCustomFields(CF_ENTITY[entity]);

  const send = useApiMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('entity', entity);
      form.append('file', file!);
      return uploadFile<ImportUpload>(`/imports?entity=${entity}`, form);
    },
    onSuccess: (u) => {
      setUpload(u);
      setMapping(Object.fromEntries(u.columns.map((c) => [c, u.suggestedMapping?.[c] ?? SKIP])));
      setUpsertBy(UPSERT[entity].find((k) => Object.values(u.suggestedMapping ?? {}).includes(k)) ?? 'none');
    },
  });
  const start = useApiMutation({
    mutationFn: () =>
      post<ResponseOf<'startImport', 202>>(`/imports/${upload!.id}/start`, {
        mapping: Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== SKIP)),
        upsertBy: upsertBy === 'none' ? null : upsertBy,
      } satisfies BodyOf<'startImport'>),
    success: t('crm.imports.started'),
    onSuccess: () => setJobId(upload!.id),
  });
  const job = useQuery({
    queryKey: [...IMPORTS_KEY, jobId],
    queryFn: () => get<ImportJob>(`/imports/${jobId}`),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && !ACTIVE.includes(q.state.data.status) ? false : 1000),
  });
  const finished = job.data && !ACTIVE.includes(job.data.status);
  useEffect(() => {
    if (finished) {
      void qc.invalidateQueries({ queryKey: IMPORTS_KEY });
      void qc.invalidateQueries({ queryKey: PEOPLE_KEY });
      void qc.invalidateQueries({ queryKey: COMPANIES_KEY });
    }
  }, [finished]);

  const reset = () => {
    setFile(null);
    setUpload(null);
    setJobId(null);
    send.reset();
    start.reset();
    if (fileRef.current) fileRef.current.value = '';
  };
  const fieldLabel = (f: string) => t(`crm.imports.fields.${f}` as 'crm.imports.fields.email', { defaultValue: f });
  const options = [
    { value: SKIP, label: t('crm.imports.skip') },
    ...FIELDS[entity].map((f) => ({ value: f, label: fieldLabel(f) })),
    ...(cfs.data ?? []).map((c) => ({ value: `cf.${c.key}`, label: `${c.label} (${t('crm.common.customFields')})` })),
  ];
  const used = Object.values(mapping).filter((v) => v !== SKIP);
  const previewRows = upload ? upload.preview.slice(0, 10).map((row) => cells(row, upload.columns)) : [];
  const problems = previewRows.map((row) => row.map((v, j) => cellProblem(mapping[upload!.columns[j]], v)));
  const badRows = problems.filter((r) => r.some(Boolean)).length;
  const duplicateTargets = used.filter((v, i) => used.indexOf(v) !== i);

  return (
    <Stack data-testid="import-page">
      <Anchor component={Link} to={entity === 'companies' ? '/companies' : '/people'} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {entity === 'companies' ? t('nav.companies') : t('person.back')}
        </Group>
      </Anchor>
      <PageHeader title={t('crm.imports.title')} description={t('crm.imports.description')} />

      {!upload && (
        <Card withBorder padding="lg" data-testid="import-upload-step">
          <Stack>
            <Title order={4}>{t('crm.imports.step1')}</Title>
            <SegmentedControl
              w="fit-content"
              value={entity}
              onChange={(v) => setEntity(v as Entity)}
              data={ENTITIES.map((e) => ({ value: e, label: t(`crm.imports.entities.${e}`) }))}
              data-testid="import-entity"
            />
            {/* The browser's own file box speaks the browser's language (“Choose File / No file chosen”), not the app's. */}
            <input
              ref={fileRef}
              type="file"
              hidden
              accept=".csv,text/csv,text/plain"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              data-testid="import-file"
              aria-label={t('crm.imports.file')}
            />
            <Group gap="sm" wrap="nowrap">
              <Button variant="default" onClick={() => fileRef.current?.click()} data-testid="import-file-choose">
                {t('crm.imports.chooseFile')}
              </Button>
              <Text size="sm" c={file ? undefined : 'dimmed'} truncate data-testid="import-file-name">
                {file?.name ?? t('crm.imports.noFile')}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {t('crm.imports.fileHint')}
            </Text>
            {send.error && (
              <Alert color="red" variant="light" data-testid="import-upload-error">
                {errorMessage(send.error)}
              </Alert>
            )}
            <Button
              w="fit-content"
              disabled={!file}
              loading={send.isPending}
              onClick={() => send.mutate()}
              data-testid="import-upload"
            >
              {t('crm.imports.upload')}
            </Button>
          </Stack>
        </Card>
      )}

      {upload && !jobId && (
        <Card withBorder padding="lg" data-testid="import-mapping-step">
          <Stack>
            <Title order={4}>{t('crm.imports.step2')}</Title>
            <Group gap="xs">
              <Badge variant="light" tt="none" data-testid="import-encoding">
                {t('crm.imports.encoding', { value: upload.encoding })}
              </Badge>
              <Badge variant="light" tt="none" data-testid="import-delimiter">
                {t('crm.imports.delimiter', { value: upload.delimiter === '\t' ? 'Tab' : upload.delimiter })}
              </Badge>
              <Badge variant="light" color="gray" tt="none">
                {file?.name}
              </Badge>
            </Group>
            <Table.ScrollContainer minWidth={Math.max(600, upload.columns.length * 160)}>
              <Table verticalSpacing={6} fz="sm" withTableBorder withColumnBorders data-testid="import-preview">
                <Table.Thead>
                  <Table.Tr>
                    {upload.columns.map((c) => (
                      <Table.Th key={c} miw={150}>
                        <Stack gap={4}>
                          <Text size="sm" fw={600}>
                            {c}
                          </Text>
                          <Select
                            size="xs"
                            data={options}
                            value={mapping[c] ?? SKIP}
                            onChange={(v) => setMapping((m) => ({ ...m, [c]: v ?? SKIP }))}
                            allowDeselect={false}
                            searchable
                            error={duplicateTargets.includes(mapping[c]) ? t('crm.imports.usedTwice') : undefined}
                            aria-label={t('crm.imports.mapTo', { column: c })}
                            data-testid={`import-map-${c}`}
                          />
                        </Stack>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {previewRows.map((row, i) => (
                    <Table.Tr
                      key={i}
                      data-testid="import-preview-row"
                      data-invalid={problems[i].some(Boolean) || undefined}
                    >
                      {row.map((v, j) => {
                        const problem = problems[i][j];
                        const cell = (
                          <Table.Td
                            key={j}
                            c={problem ? 'red' : undefined}
                            bg={problem ? 'var(--mantine-color-red-light)' : undefined}
                            data-testid={problem ? 'import-preview-invalid' : undefined}
                            data-problem={problem ?? undefined}
                            aria-invalid={problem ? true : undefined}
                            style={{
                              whiteSpace: 'nowrap',
                              maxWidth: 240,
                              overflow: 'hidden',
                              textOverflow: 'ellipsis',
                            }}
                          >
                            {v}
                          </Table.Td>
                        );
                        return problem ? (
                          <Tooltip key={j} label={t(`crm.imports.${problem}`)}>
                            {cell}
                          </Tooltip>
                        ) : (
                          cell
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {badRows > 0 && (
              <Alert color="orange" variant="light" data-testid="import-preview-problems">
                {t('crm.imports.previewProblems', { count: badRows })}
              </Alert>
            )}
            <Select
              w={320}
              label={t('crm.imports.upsertBy')}
              description={t('crm.imports.upsertHint')}
              data={[
                { value: 'none', label: t('crm.imports.upsertNone') },
                ...UPSERT[entity].map((k) => ({ value: k, label: fieldLabel(k) })),
              ]}
              value={upsertBy}
              onChange={(v) => setUpsertBy((v ?? 'none') as UpsertBy | 'none')}
              allowDeselect={false}
              data-testid="import-upsert"
            />
            <Group>
              <Button variant="default" onClick={reset}>
                {t('crm.common.cancel')}
              </Button>
              <Button
                disabled={used.length === 0 || duplicateTargets.length > 0}
                loading={start.isPending}
                onClick={() => start.mutate()}
                data-testid="import-start"
              >
                {t('crm.imports.start')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {jobId &&
        (job.data ? (
          <Report job={job.data} />
        ) : job.isError ? (
          <ErrorState error={job.error} onRetry={() => void job.refetch()} />
        ) : (
          <PageLoader />
        ))}
      {jobId && finished && (
        <Button variant="light" w="fit-content" onClick={reset} data-testid="import-another">
          {t('crm.imports.another')}
        </Button>
      )}

      <Title order={4} mt="md">
        {t('crm.imports.history')}
      </Title>
      <History />
    </Stack>
  );
}
