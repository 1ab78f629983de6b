import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../types.ts';

const show = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

function Value({ v }: { v: unknown }) {
  const s = show(v);
  if (s === null)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        —
      </Text>
    );
  return (
    <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} fz="xs">
      {s}
    </Code>
  );
}

export function AuditChanges({ changes }: { changes: AuditEntry['changes'] }) {
  const { t } = useTranslation();
  if (changes.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noChanges')}
      </Text>
    );
  return (
    <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="audit-changes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="22%">{t('audit.field')}</Table.Th>
          <Table.Th>{t('audit.before')}</Table.Th>
          <Table.Th w={30} />
          <Table.Th>{t('audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.field}>
            <Table.Td className="kt-mono">{c.field}</Table.Td>
            <Table.Td>
              <Value v={c.before} />
            </Table.Td>
            <Table.Td c="dimmed">→</Table.Td>
            <Table.Td>
              <Value v={c.after} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
