import type { TFunction } from 'i18next';
import { IDENTITY_KINDS, type IdentityKind, type Person } from '../../../types.ts';

/** Known identifier kinds get a translated name; external ids (`external:<type>`) their type; other kinds show as stored. */
export function identityKindLabel(t: TFunction, kind: string): string {
  if ((IDENTITY_KINDS as readonly string[]).includes(kind)) return t(`people.kinds.${kind as IdentityKind}`);
  return kind.startsWith('external:') && kind.length > 9 ? t('people.externalLabel', { type: kind.slice(9) }) : kind;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The best human name for a profile, or null for an anonymous visitor. */
export function personName(p: Person): string | null {
  const tr = p.traits;
  const full = [str(tr.firstName) ?? str(tr.first_name), str(tr.lastName) ?? str(tr.last_name)]
    .filter(Boolean)
    .join(' ');
  return (
    str(tr.name) ??
    (full || null) ??
    str(tr.email) ??
    p.identities.find((i) => i.kind === 'email')?.value ??
    p.identities.find((i) => i.kind === 'user_id')?.value ??
    null
  );
}

export const showValue = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
