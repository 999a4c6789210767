import { GuardError } from '@palisade/guard';
import { z } from 'zod';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });

/** A chat message as OpenAI accepts it; unknown fields are kept and forwarded. */
export const ChatMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]).optional(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        type: z.string().optional(),
        function: z.looseObject({ name: z.string(), arguments: z.string() }),
      }),
    )
    .optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A retrieved document passed for retrieval rails (a Palisade extension, removed before forwarding). */
export const RequestDocument = z.object({
  id: z.string().max(256).optional(),
  text: z.string(),
  source: z.string().max(2048).optional(),
});

/** `POST /v1/chat/completions` body. */
export const ChatCompletionRequest = z.looseObject({
  model: z.string().min(1).max(256),
  messages: z.array(ChatMessage).min(1),
  stream: z.boolean().optional(),
  n: z.number().int().min(1).max(16).optional(),
  documents: z.array(RequestDocument).max(256).optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** `POST /v1/completions` body. */
export const CompletionRequest = z.looseObject({
  model: z.string().min(1).max(256),
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
  stream: z.boolean().optional(),
  n: z.number().int().min(1).max(16).optional(),
});
export type CompletionRequest = z.infer<typeof CompletionRequest>;

/** `POST /v1/embeddings` body. Token-array inputs cannot be scanned and are refused. */
export const EmbeddingRequest = z.looseObject({
  model: z.string().min(1).max(256),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
});
export type EmbeddingRequest = z.infer<typeof EmbeddingRequest>;

/** `POST /v1/guard/scan` body: exactly one of text, messages or documents. */
export const GuardScanRequest = z
  .object({
    stage: z.enum(['input', 'output', 'retrieval', 'tool']).optional(),
    text: z.string().optional(),
    messages: z.array(ChatMessage).min(1).optional(),
    documents: z.array(RequestDocument).min(1).max(256).optional(),
    system: z.string().optional(),
    toolName: z.string().optional(),
  })
  .strict()
  .refine(
    (value) => [value.text, value.messages, value.documents].filter((entry) => entry !== undefined).length === 1,
    { message: 'send exactly one of text, messages or documents' },
  );
export type GuardScanRequest = z.infer<typeof GuardScanRequest>;

/**
 * Parses a JSON body against a schema; failures are `invalid-input` naming the field, never echoing values.
 *
 * @example
 * const body = await parseBody(await c.req.text(), ChatCompletionRequest);
 */
export function parseBody<Schema extends z.ZodType>(text: string, schema: Schema): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GuardError('invalid-input', 'the request body is not valid JSON');
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new GuardError('invalid-input', `${path === '' ? 'body' : path}: ${issue?.message ?? 'invalid'}`, {
    details: { param: path },
  });
}
