import { hash, verify } from '@node-rs/argon2';

// argon2id with the library defaults (19 MiB, t=2): OWASP's minimum recommendation.
export const hashPassword = (password: string): Promise<string> => hash(password);
export const verifyPassword = async (stored: string, password: string): Promise<boolean> => {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};
