import type { components, operations } from './schema.d.ts';

/**
 * Names for the generated API types (schema.d.ts, from the server's OpenAPI document): the UI's
 * response types come from here, never from a hand-written copy.
 */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Responses<Op extends keyof operations> = operations[Op]['responses'];

/** The JSON an operation answers with: 200 unless another status is named (201 for most creates). */
export type ResponseOf<
  Op extends keyof operations,
  Status extends keyof Responses<Op> = 200 & keyof Responses<Op>,
> = Json<Responses<Op>[Status]>;
/** One element of a list answer's `data`. */
export type ItemOf<Op extends keyof operations> = ResponseOf<Op> extends { data: (infer T)[] } ? T : never;
/** The JSON body an operation takes. */
export type BodyOf<Op extends keyof operations> = Json<NonNullable<operations[Op]['requestBody']>>;
/** The query parameters an operation takes. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
