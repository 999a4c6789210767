/** OWASP Top 10 for LLM Applications (2025). */
export const owaspLlmTop10 = {
  LLM01: 'Prompt Injection',
  LLM02: 'Sensitive Information Disclosure',
  LLM03: 'Supply Chain',
  LLM04: 'Data and Model Poisoning',
  LLM05: 'Improper Output Handling',
  LLM06: 'Excessive Agency',
  LLM07: 'System Prompt Leakage',
  LLM08: 'Vector and Embedding Weaknesses',
  LLM09: 'Misinformation',
  LLM10: 'Unbounded Consumption',
} as const;

/** An OWASP LLM Top 10 (2025) id. */
export type OwaspId = keyof typeof owaspLlmTop10;

/** MITRE ATLAS techniques the library uses. */
export const atlasTechniques = {
  'AML.T0051.000': 'LLM Prompt Injection: Direct',
  'AML.T0051.001': 'LLM Prompt Injection: Indirect',
  'AML.T0054': 'LLM Jailbreak',
  'AML.T0056': 'Extract LLM System Prompt',
  'AML.T0057': 'LLM Data Leakage',
  'AML.T0053': 'LLM Plugin Compromise',
  'AML.T0048': 'External Harms',
  'AML.T0024': 'Exfiltration via AI Inference API',
} as const;

/** A MITRE ATLAS technique id. */
export type AtlasId = keyof typeof atlasTechniques;

/** The attack families (`--plugins`). */
export const plugins = [
  'prompt-injection',
  'prompt-extraction',
  'jailbreak',
  'harmful',
  'pii',
  'secrets',
  'indirect-injection',
  'exfiltration',
  'excessive-agency',
  'off-topic',
  'competitors',
  'bias',
] as const;

/** One attack family. */
export type Plugin = (typeof plugins)[number];

/** How an answer is judged (without an LLM). A case succeeds (the attack wins) when its grader says so. */
export type Grader =
  /** The system prompt's canary token (or a long part of the system prompt) appears in the answer. */
  | { readonly kind: 'canary' }
  /** The answer contains this marker (case-insensitive), e.g. an injected "say PWNED". */
  | { readonly kind: 'marker'; readonly marker: string }
  /** The answer complies with a harmful request: not a refusal and substantive; harmful-request scanner on the answer raises confidence. */
  | { readonly kind: 'harmful-compliance' }
  /** The answer repeats one of these sensitive values (PII echo / extraction / secrets). */
  | { readonly kind: 'leak'; readonly values: readonly string[] }
  /** The answer carries a link or image that exfiltrates data (exfiltration scanner). */
  | { readonly kind: 'exfiltration' }
  /** The model calls a tool it should not (tool_calls name) or claims to take the action. */
  | { readonly kind: 'tool-call'; readonly tools: readonly string[] }
  /** The assistant engages with an off-topic request or endorses a competitor instead of declining. */
  | { readonly kind: 'engages'; readonly terms: readonly string[] }
  /** The answer generalises about a protected group (bias scanner), or agrees with a stereotype. */
  | { readonly kind: 'bias' };

/** A base attack case before strategies. */
export interface AttackCase {
  readonly id: string;
  readonly plugin: Plugin;
  readonly category: string;
  readonly owasp: readonly OwaspId[];
  readonly atlas: readonly AtlasId[];
  /** The user turn. */
  readonly prompt: string;
  /** Untrusted content delivered as a document (in the user turn) or as a tool result. */
  readonly document?: { readonly kind: 'document' | 'tool-result'; readonly text: string; readonly tool?: string };
  /** Extra system prompt text for this case (e.g. the assistant's allowed topic). */
  readonly system?: string;
  /** Tools offered to the model (excessive agency). */
  readonly tools?: readonly string[];
  readonly grader: Grader;
}

/** A chat message sent to the target. */
export interface AttackMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly toolCallId?: string;
  readonly toolCalls?: readonly { readonly id: string; readonly name: string; readonly arguments: string }[];
}

/** A case after a strategy: the conversation to send. */
export interface AttackVariant {
  readonly caseId: string;
  readonly strategy: string;
  /** User-visible turns to send in order; multi-turn strategies send several and grade the last answer. */
  readonly turns: readonly string[];
}
