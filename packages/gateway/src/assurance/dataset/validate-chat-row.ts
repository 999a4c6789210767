/** One schema problem in an OpenAI chat-format row. */
export interface ChatIssue {
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly code:
    | 'not-an-object'
    | 'messages-missing'
    | 'messages-empty'
    | 'role-invalid'
    | 'content-invalid'
    | 'content-empty'
    | 'system-not-first'
    | 'order-invalid'
    | 'no-assistant'
    | 'last-not-assistant'
    | 'tool-without-call';
  readonly message: string;
  /** Index of the message the issue is about. */
  readonly index?: number;
}

/** A message flattened to text. */
export interface ChatTurn {
  readonly role: string;
  readonly content: string;
}

const validRoles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.map((part) =>
      part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    );
    return parts.join('\n');
  }
  return undefined;
}

/**
 * Validates one OpenAI chat fine-tuning row (`{ messages: [...] }`): roles, order (system first, user and
 * assistant alternating, tool results only after an assistant tool call), empty turns, and a final
 * assistant turn to learn from.
 *
 * @example
 * validateChatRow({ messages: [{ role: 'user', content: 'hi' }] }, 3) // [{ code: 'no-assistant', … }]
 */
export function validateChatRow(row: unknown, line: number): { issues: ChatIssue[]; turns: ChatTurn[] } {
  const issues: ChatIssue[] = [];
  const turns: ChatTurn[] = [];
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { issues: [{ line, severity: 'error', code: 'not-an-object', message: 'row is not a JSON object' }], turns };
  }
  const messages = (row as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) {
    return {
      issues: [{ line, severity: 'error', code: 'messages-missing', message: '"messages" must be an array' }],
      turns,
    };
  }
  if (messages.length === 0)
    return { issues: [{ line, severity: 'error', code: 'messages-empty', message: '"messages" is empty' }], turns };
  let previous: string | undefined;
  let pendingToolCalls = false;
  messages.forEach((message, index) => {
    const candidate = message as { role?: unknown; content?: unknown; tool_calls?: unknown; function_call?: unknown };
    const role = typeof candidate?.role === 'string' ? candidate.role : '';
    if (!validRoles.has(role)) {
      issues.push({
        line,
        index,
        severity: 'error',
        code: 'role-invalid',
        message: `messages[${index}].role must be system, user, assistant or tool`,
      });
      return;
    }
    const hasToolCalls = Array.isArray(candidate.tool_calls) && candidate.tool_calls.length > 0;
    const text = contentText(candidate.content);
    if (
      text === undefined &&
      !(role === 'assistant' && (hasToolCalls || candidate.function_call) && candidate.content == null)
    ) {
      issues.push({
        line,
        index,
        severity: 'error',
        code: 'content-invalid',
        message: `messages[${index}].content must be a string or text parts`,
      });
    } else if (text !== undefined && text.trim() === '' && !hasToolCalls) {
      issues.push({
        line,
        index,
        severity: 'error',
        code: 'content-empty',
        message: `messages[${index}] (${role}) is empty`,
      });
    }
    if (text) turns.push({ role, content: text });
    if ((role === 'system' || role === 'developer') && index > 0 && previous !== 'system' && previous !== 'developer') {
      issues.push({
        line,
        index,
        severity: 'error',
        code: 'system-not-first',
        message: `messages[${index}]: a ${role} message may only open the conversation`,
      });
    }
    if ((role === 'tool' || role === 'function') && !pendingToolCalls) {
      issues.push({
        line,
        index,
        severity: 'error',
        code: 'tool-without-call',
        message: `messages[${index}]: tool result without a preceding assistant tool call`,
      });
    }
    if ((role === 'user' || role === 'assistant') && previous === role && !(role === 'assistant' && pendingToolCalls)) {
      issues.push({
        line,
        index,
        severity: 'warning',
        code: 'order-invalid',
        message: `messages[${index}]: two ${role} turns in a row`,
      });
    }
    if (role === 'assistant' && (previous === undefined || previous === 'system' || previous === 'developer')) {
      issues.push({
        line,
        index,
        severity: 'warning',
        code: 'order-invalid',
        message: `messages[${index}]: assistant speaks before any user turn`,
      });
    }
    if (role === 'assistant') pendingToolCalls = hasToolCalls || Boolean(candidate.function_call);
    else if (role === 'user') pendingToolCalls = false;
    previous = role;
  });
  const roles = messages.map((message) => (message as { role?: unknown })?.role);
  if (!roles.includes('assistant'))
    issues.push({ line, severity: 'error', code: 'no-assistant', message: 'no assistant turn to learn from' });
  else if (roles.at(-1) !== 'assistant')
    issues.push({
      line,
      severity: 'warning',
      code: 'last-not-assistant',
      message: 'the last message is not from the assistant',
    });
  return { issues, turns };
}
