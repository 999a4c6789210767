import { z } from 'zod';

/**
 * The zod schema of a policy file. The schema and the inferred type share a name; `docs/policy-schema.json`
 * is generated from it (see `write-policy-schema.ts`). Every object is strict: unknown keys are errors,
 * because a typo in a security policy (`onErorr: fail-open`) must never be silently ignored.
 */

const identifierPattern = /^[a-z0-9][a-z0-9._-]*$/;
const scannerIdPattern = /^[a-z][a-z0-9-]*$/;
const entityPattern = /^(?:\*|[A-Z][A-Z0-9_]*)$/;
// `env:NAME` or `file:/path`; secret values never appear in policy text.
const secretReferencePattern = /^(?:env:[A-Za-z_][A-Za-z0-9_]*|file:\S+)$/;

/** What the pipeline does with a text, weakest first. */
export const PolicyAction = z.enum(['allow', 'redact', 'drop', 'review', 'block']);
export type PolicyAction = z.infer<typeof PolicyAction>;

export const PolicySeverity = z.enum(['low', 'medium', 'high', 'critical']);
export const ChatRole = z.enum(['system', 'user', 'assistant', 'tool']);
export type ChatRole = z.infer<typeof ChatRole>;

/** A secret reference: `env:NAME` or `file:/path`. */
export const SecretReference = z
  .string()
  .regex(secretReferencePattern, 'expected a secret reference such as env:NAME or file:/path');

const OnError = z.enum(['fail-closed', 'fail-open']);
const Glob = z.string().min(1);

/** One scanner instance of a stage. */
export const ScannerEntry = z
  .strictObject({
    use: z.string().regex(scannerIdPattern).describe('Registry id of the scanner type.'),
    name: z
      .string()
      .regex(scannerIdPattern)
      .optional()
      .describe('Instance name reported in findings (default: use); needed when one type is used twice.'),
    config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Scanner configuration, validated with the scanner's own schema when the policy loads."),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .max(600_000)
      .optional()
      .describe('Timeout of one scan (default: the stage).'),
    onError: OnError.optional().describe('What a failed or timed-out scan does (default: the stage).'),
    roles: z
      .array(ChatRole)
      .min(1)
      .optional()
      .describe('Chat roles whose messages this scanner reads (default: user and tool).'),
    targets: z
      .array(z.enum(['arguments', 'result']))
      .min(1)
      .optional()
      .describe('Tool stage: scan outgoing arguments, returned results, or both (default).'),
    shadow: z.boolean().optional().describe("Record this scanner's findings without letting them change the action."),
  })
  .meta({ id: 'PalisadeScannerEntry' });
export type ScannerEntry = z.infer<typeof ScannerEntry>;

/** Conditions of a rule; all given conditions must hold. Globs use `*`. */
export const RuleCondition = z
  .strictObject({
    scanner: Glob.optional().describe('Scanner name (glob).'),
    category: Glob.optional().describe('Finding category (glob): pii.*'),
    entity: Glob.optional().describe('Entity type (glob); * matches any finding that names an entity.'),
    minSeverity: PolicySeverity.optional().describe('Lowest severity that matches.'),
    minScore: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Lowest score that matches (findings without score count as 1).'),
    scoreBetween: z
      .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
      .optional()
      .describe("Uncertainty band: matches when the scanner's raw score is in [low, high), findings or not."),
  })
  .superRefine((condition, context) => {
    if (condition.scoreBetween === undefined) return;
    if (condition.scanner === undefined) {
      context.addIssue({ code: 'custom', path: ['scanner'], message: 'expected a scanner name with scoreBetween' });
    }
    const [low, high] = condition.scoreBetween;
    if (!(low < high)) {
      context.addIssue({
        code: 'custom',
        path: ['scoreBetween'],
        message: `expected low < high, got [${low}, ${high}]`,
      });
    }
  });
export type RuleCondition = z.infer<typeof RuleCondition>;

/** Maps matching findings to an action. Per finding, the first matching rule wins. */
export const Rule = z.strictObject({
  name: z.string().min(1).optional(),
  when: RuleCondition,
  action: PolicyAction,
});
export type Rule = z.infer<typeof Rule>;

const stageFields = {
  scanners: z.array(ScannerEntry).default([]).describe('Scanners of this stage; they run concurrently.'),
  rules: z.array(Rule).default([]).describe('Per finding, the first matching rule decides its action.'),
  defaultAction: PolicyAction.optional().describe(
    'Action for findings no rule matches (default: block; drop on the retrieval stage).',
  ),
  timeoutMs: z.number().int().positive().max(600_000).default(1000).describe('Default timeout of one scan.'),
  onError: OnError.default('fail-closed').describe('Default behaviour when a scanner fails or times out.'),
};

export const InputStagePolicy = z.strictObject({ ...stageFields });
export type InputStagePolicy = z.infer<typeof InputStagePolicy>;

export const StreamOptions = z.strictObject({
  windowChars: z
    .number()
    .int()
    .min(8)
    .max(65_536)
    .default(256)
    .describe('Characters held back and scanned with the text before them is released.'),
  mode: z
    .enum(['window', 'buffer'])
    .default('window')
    .describe('buffer holds the whole answer; forced when a scanner needs the full text.'),
});
export type StreamOptions = z.infer<typeof StreamOptions>;

export const OutputStagePolicy = z.strictObject({
  ...stageFields,
  stream: StreamOptions.default({ windowChars: 256, mode: 'window' }),
});
export type OutputStagePolicy = z.infer<typeof OutputStagePolicy>;

export const TrustLevel = z.enum(['trusted', 'standard', 'untrusted', 'deny']);
export type TrustLevel = z.infer<typeof TrustLevel>;

export const SourceTrust = z.strictObject({
  match: Glob.describe("Glob over the document's source: confluence:*, https://docs.example.com/*"),
  trust: TrustLevel.describe(
    'trusted: only severe findings act; untrusted: any finding drops; deny: dropped unscanned.',
  ),
});

export const RetrievalStagePolicy = z.strictObject({
  ...stageFields,
  /** Per-source trust, first match wins. */
  sources: z.array(SourceTrust).default([]),
  defaultTrust: TrustLevel.default('standard'),
  /** On trusted sources, findings below this severity are recorded but do not act. */
  trustedMinSeverity: PolicySeverity.default('high'),
});
export type RetrievalStagePolicy = z.infer<typeof RetrievalStagePolicy>;

export const ToolRule = z.strictObject({
  allow: z.boolean().default(true).describe('false denies every call of this tool.'),
  allowedDomains: z
    .array(z.string().min(1))
    .optional()
    .describe('Hosts that URLs and e-mail addresses in the arguments may name; *.example.com = subdomains.'),
});
export type ToolRule = z.infer<typeof ToolRule>;

export const ToolStagePolicy = z.strictObject({
  ...stageFields,
  /** Per tool name (`*` for any other tool). */
  tools: z.record(z.string().min(1), ToolRule).default({}),
});
export type ToolStagePolicy = z.infer<typeof ToolStagePolicy>;

const maskOperator = z.strictObject({
  type: z.literal('mask'),
  keepLast: z.number().int().min(0).max(64).default(4),
  keepFirst: z.number().int().min(0).max(64).default(0),
  char: z.string().length(1).default('*'),
});

/** How one entity type is rewritten. */
export const RedactionOperator = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('placeholder') }),
  maskOperator,
  z.strictObject({ type: z.literal('hash'), length: z.number().int().min(8).max(64).default(16) }),
  z.strictObject({ type: z.literal('encrypt') }),
  z.strictObject({ type: z.literal('synthetic') }),
  z.strictObject({ type: z.literal('replace'), with: z.string().default('[REDACTED]') }),
]);
export type RedactionOperator = z.infer<typeof RedactionOperator>;

export const RedactionPolicy = z
  .strictObject({
    /** Keep originals in the vault so answers can be restored. */
    reversible: z.boolean().default(true),
    ttlSeconds: z.number().int().positive().max(2_592_000).default(3600),
    /** Restore vault placeholders in the answer (also when streamed). */
    restoreOutput: z.boolean().default(true),
    /** Operator per entity type; `*` for the others. Default: placeholder. */
    operators: z.record(z.string().regex(entityPattern), RedactionOperator).default({}),
    /** Salt for `hash` and `synthetic` operators. */
    salt: SecretReference.optional(),
    /** 32-byte AES-256-GCM key (base64 or hex) for the `encrypt` operator. */
    encryptionKey: SecretReference.optional(),
  })
  .superRefine((redaction, context) => {
    for (const [entity, operator] of Object.entries(redaction.operators)) {
      if (operator.type === 'encrypt' && redaction.encryptionKey === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['operators', entity],
          message: 'expected redaction.encryptionKey to be set for the encrypt operator',
        });
      }
    }
  });
export type RedactionPolicy = z.infer<typeof RedactionPolicy>;

export const ReviewOptions = z.strictObject({
  /** `hold`: wait up to holdSeconds for a reviewer; `safe-reply`: answer safeReply at once, review later. */
  mode: z.enum(['hold', 'safe-reply']).default('safe-reply'),
  holdSeconds: z.number().int().min(0).max(600).default(30),
  /** What a held request gets when nobody decides in time. */
  onTimeout: z.enum(['block', 'allow']).default('block'),
  safeReply: z.string().default('Your request needs a review before it can be answered. Please try again later.'),
});
export type ReviewOptions = z.infer<typeof ReviewOptions>;

export const ResponseOptions = z.strictObject({
  /** `error`: OpenAI error body; `safe-completion`: a normal completion carrying safeCompletion. */
  onBlock: z.enum(['error', 'safe-completion']).default('error'),
  blockMessage: z.string().default('The request was blocked by policy.'),
  safeCompletion: z.string().default("I'm sorry, but I can't help with that."),
});
export type ResponseOptions = z.infer<typeof ResponseOptions>;

export const PolicyMatch = z.strictObject({
  routes: z.array(Glob).optional(),
  /** Roles of the calling principal (RBAC), not chat roles. */
  roles: z.array(z.string().min(1)).optional(),
  /** API key ids or names (globs). */
  keys: z.array(Glob).optional(),
  models: z.array(Glob).optional(),
});
export type PolicyMatch = z.infer<typeof PolicyMatch>;

/**
 * The policy file (input form in YAML; `z.infer` gives the validated form with defaults).
 *
 * @example
 * const document = PolicyDocument.parse({ version: 1, id: 'minimal' });
 */
export const PolicyDocument = z.strictObject({
  version: z.literal(1).describe('Format version of the policy file.'),
  id: z.string().regex(identifierPattern).describe('Policy id, reported as policyId.'),
  revision: z
    .string()
    .min(1)
    .optional()
    .describe('Your revision label, reported as policyVersion (default: a content fingerprint).'),
  description: z.string().optional(),
  mode: z
    .enum(['enforce', 'shadow'])
    .default('enforce')
    .describe('shadow: decisions are recorded and traffic passes (effective = allow).'),
  match: PolicyMatch.default({}),
  input: InputStagePolicy.optional(),
  output: OutputStagePolicy.optional(),
  retrieval: RetrievalStagePolicy.optional(),
  tool: ToolStagePolicy.optional(),
  redaction: RedactionPolicy.default({ reversible: true, ttlSeconds: 3600, restoreOutput: true, operators: {} }),
  review: ReviewOptions.default({
    mode: 'safe-reply',
    holdSeconds: 30,
    onTimeout: 'block',
    safeReply: 'Your request needs a review before it can be answered. Please try again later.',
  }),
  response: ResponseOptions.default({
    onBlock: 'error',
    blockMessage: 'The request was blocked by policy.',
    safeCompletion: "I'm sorry, but I can't help with that.",
  }),
  audit: z.strictObject({ storeText: z.boolean().default(false) }).default({ storeText: false }),
  canary: z.strictObject({ enabled: z.boolean().default(false) }).default({ enabled: false }),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
