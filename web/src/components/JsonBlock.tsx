import { Code, ScrollArea } from '@mantine/core';

export function JsonBlock({ value, maxHeight = 320, testId }: { value: unknown; maxHeight?: number; testId?: string }) {
  // Strings (response bodies) are shown as received, not re-quoted.
  const text = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto">
      <Code block data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {text}
      </Code>
    </ScrollArea.Autosize>
  );
}
