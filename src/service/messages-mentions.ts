/** `@user@bank.example` tokens of a text → the mentioned emails, lower-cased. */
export function mentionsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s(,;])@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g))
    out.add(m[1]!.toLowerCase().replace(/\.$/, ''));
  return [...out];
}
