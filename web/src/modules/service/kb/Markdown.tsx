import { List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A knowledge-base article's text as Markdown's common subset — headings (#), lists (- or 1.),
 * paragraphs, **bold**, *italic*, `code` — built as React elements from the text: no HTML is ever
 * interpreted, so an article cannot inject markup or script.
 */
export function Markdown({ text, testId }: { text: string; testId?: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push(
        <Title key={i} order={(heading[1]!.length + 3) as 4 | 5 | 6}>
          {inline(heading[2]!)}
        </Title>,
      );
      i++;
      continue;
    }
    const bullet = /^\s*[-*]\s+/;
    const numbered = /^\s*\d+[.)]\s+/;
    if (bullet.test(line) || numbered.test(line)) {
      const re = bullet.test(line) ? bullet : numbered;
      const items: string[] = [];
      while (i < lines.length && re.test(lines[i]!)) items.push(lines[i++]!.replace(re, ''));
      blocks.push(
        <List key={i} size="sm" type={re === numbered ? 'ordered' : 'unordered'} withPadding>
          {items.map((x, n) => (
            <List.Item key={n}>{inline(x)}</List.Item>
          ))}
        </List>,
      );
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() &&
      !/^(#{1,3})\s/.test(lines[i]!) &&
      !bullet.test(lines[i]!) &&
      !numbered.test(lines[i]!)
    )
      para.push(lines[i++]!);
    blocks.push(
      <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {inline(para.join(' '))}
      </Text>,
    );
  }
  return (
    <Stack gap="xs" data-testid={testId}>
      {blocks}
    </Stack>
  );
}

/** **bold**, *italic*, `code` inside a line; everything else is text. */
function inline(s: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`/g;
  let last = 0;
  let m: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: the usual exec loop
  while ((m = re.exec(s))) {
    if (m.index > last) out.push(s.slice(last, m.index));
    if (m[1]) out.push(<b key={m.index}>{m[1]}</b>);
    else if (m[2]) out.push(<i key={m.index}>{m[2]}</i>);
    else out.push(<code key={m.index}>{m[3]}</code>);
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** The article as plain text for a reply (Markdown marks dropped). */
export function plainText(text: string): string {
  return text
    .replace(/^#{1,3}\s+/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}
