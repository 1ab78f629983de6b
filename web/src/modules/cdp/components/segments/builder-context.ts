import { createContext, useContext } from 'react';
import type { FieldType } from './rule-model.ts';

export interface NamedType {
  name: string;
  type: FieldType;
}
export interface Choice {
  value: string;
  label: string;
}

/** What the builder's pickers offer (from the catalogue, the segments, the CRM) and the server's complaints by path. */
export interface BuilderData {
  events: { name: string; properties: NamedType[] }[];
  traits: NamedType[];
  segments: Choice[];
  users: Choice[];
  pipelines: { id: string; name: string; stages: Choice[] }[];
  /** Server validation messages by path (`rule.all.1.op`). */
  errors: Record<string, string>;
  readOnly: boolean;
}

export const BuilderContext = createContext<BuilderData>({
  events: [],
  traits: [],
  segments: [],
  users: [],
  pipelines: [],
  errors: {},
  readOnly: false,
});

export const useBuilder = () => useContext(BuilderContext);

/** The messages for a node: those at its path or below it. */
export function errorsUnder(errors: Record<string, string>, key: string): [string, string][] {
  return Object.entries(errors).filter(([k]) => k === key || k.startsWith(`${key}.`));
}
