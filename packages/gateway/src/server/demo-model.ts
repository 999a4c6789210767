import type { ChatMessage } from './openai-schemas.js';
import { contentText } from './rails.js';

/** The id of the built-in demo model (`palisade serve --demo`). */
export const demoModelId = 'palisade-demo';

const banner = '[Palisade demo model — not a real LLM; start with --upstream <url> for real answers]';

/**
 * A clearly labelled echo model so the gateway can be tried without any LLM: it repeats the last
 * user message as the guard forwarded it (redacted), which makes placeholder restoration visible.
 *
 * @example
 * const answer = demoAnswer(messages); // '[Palisade demo model — …] You said: …'
 */
export function demoAnswer(messages: readonly ChatMessage[]): string {
  const last = [...messages].reverse().find((message) => message.role === 'user');
  const said = last === undefined ? '' : contentText(last.content);
  return `${banner} You said: ${said}`;
}

/** A chat completion from the demo model. */
export function demoChatCompletion(model: string, messages: readonly ChatMessage[], n = 1): Record<string, unknown> {
  const content = demoAnswer(messages);
  return {
    id: `chatcmpl-demo-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: 'assistant', content, refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    })),
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/** The demo answer as chat completion chunks, a few words each. */
export function demoChatChunks(model: string, messages: readonly ChatMessage[], n = 1): Record<string, unknown>[] {
  const words = demoAnswer(messages).match(/\S+\s*/g) ?? [];
  const base = {
    id: `chatcmpl-demo-${crypto.randomUUID()}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
  };
  const indices = Array.from({ length: n }, (_, index) => index);
  const chunks: Record<string, unknown>[] = [
    {
      ...base,
      choices: indices.map((index) => ({ index, delta: { role: 'assistant', content: '' }, finish_reason: null })),
    },
  ];
  for (let start = 0; start < words.length; start += 3) {
    const content = words.slice(start, start + 3).join('');
    chunks.push({ ...base, choices: indices.map((index) => ({ index, delta: { content }, finish_reason: null })) });
  }
  chunks.push({ ...base, choices: indices.map((index) => ({ index, delta: {}, finish_reason: 'stop' })) });
  return chunks;
}
