import { ActionIcon, Code, Group, Tooltip } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconCopy } from './icons.tsx';

/** navigator.clipboard exists only in secure contexts; a server reached over plain http by IP is not one. */
async function copy(text: string, el: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  if (!el) return false;
  const range = document.createRange();
  range.selectNodeContents(el);
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false; // the text stays selected for Ctrl+C
  }
}

export function CopyText({ value, testId, copyTestId }: { value: string; testId?: string; copyTestId?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code
        ref={ref}
        block
        data-testid={testId}
        style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap', fontSize: 13 }}
      >
        {value}
      </Code>
      <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
        <ActionIcon
          variant="light"
          color={copied ? 'teal' : 'blue'}
          size="lg"
          aria-label={t('common.copy')}
          data-testid={copyTestId}
          onClick={async () => {
            if (await copy(value, ref.current)) {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }
          }}
        >
          {copied ? <IconCheck /> : <IconCopy />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
