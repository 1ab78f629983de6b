import { v7 } from 'uuid';
import { randomBytes, createHash } from 'node:crypto';

export const newId = (): string => v7();
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
