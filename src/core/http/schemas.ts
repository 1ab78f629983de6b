import { z } from 'zod';
import { detailCatalogue, errorCatalogue, type DetailCode, type ErrorCode } from '../errors.ts';

export const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
/** Every error response: the `Error` component of the OpenAPI document (src/core/http/openapi.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z
        .enum(Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]])
        .describe('Stable error code (src/core/errors.ts); the HTTP status follows from it'),
      message: z.string().describe('What went wrong, for people'),
      details: z
        .array(
          z.object({
            path: z.string().describe('The field: `email`, `query.limit`, `params.id`, `(body)`'),
            message: z.string().describe('What is wrong with it, for people (English; may change)'),
            code: z
              .enum(Object.keys(detailCatalogue) as [DetailCode, ...DetailCode[]])
              .describe('Stable code of the problem (src/core/errors.ts): translate by it'),
            limit: z
              .number()
              .optional()
              .describe('The bound of TOO_SHORT, TOO_LONG, TOO_SMALL, TOO_LARGE, TOO_FEW, TOO_MANY'),
            value: z.string().optional().describe('The offending value, where the text names it'),
            existingId: z.string().optional().describe('ALREADY_USED: the record that holds the value'),
          }),
        )
        .describe('One entry per invalid field; may be empty'),
    }),
  })
  .meta({
    id: 'Error',
    description: 'The one error shape of every endpoint',
    example: {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'email: Invalid email address',
        details: [{ path: 'email', message: 'Invalid email address', code: 'INVALID_EMAIL' }],
      },
    },
  });
/** A timestamp: a Date or an ISO-8601 string, sent as the string (documented as one, whatever Zod's JSON Schema makes of the Date). */
export const dateTime = z.date().or(z.string()).meta({ type: 'string', format: 'date-time' });
export const noContent = z.null().describe('No content');
