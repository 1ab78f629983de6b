import { z } from 'zod';

export const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })) }),
});
export const dateTime = z.date().or(z.string());
export const noContent = z.null().describe('No content');
