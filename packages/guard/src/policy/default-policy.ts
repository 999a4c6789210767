/**
 * The default policy that `palisade init` writes: what a security team can accept on day one.
 * Each choice is explained inline and in docs/policy.md.
 *
 * @example
 * const policy = await loadPolicy(defaultPolicyYaml, { file: 'palisade.policy.yaml', registry });
 */
export const defaultPolicyYaml = `# Palisade default policy (written by \`palisade init\`). Reference: docs/policy.md, schema: docs/policy-schema.json
version: 1
id: default
description: Day-one protection for a chat assistant. Block attacks, redact PII reversibly, never leak secrets.
# enforce: decisions take effect. Switch to shadow to record decisions while letting traffic through.
mode: enforce

input:
  # A scanner that fails or times out blocks the request (fail-closed): an unverified prompt is not sent.
  onError: fail-closed
  timeoutMs: 1000
  scanners:
    # Prompt injection and jailbreaks, in user messages and in tool results replayed as tool messages.
    - use: prompt-injection
      roles: [user, tool]
    # Personal data is replaced by numbered placeholders (<EMAIL_1>) and restored in the answer.
    - use: pii
    # Credentials must never reach a third-party model: block.
    - use: secrets
      roles: [system, user, assistant, tool]
    - use: toxicity
    - use: harmful-request
  rules:
    - name: redact-personal-data
      when: { scanner: pii }
      action: redact
    # Someone disclosing thoughts of self-harm is not an attacker: a human reviews it (the policy's review
    # settings answer with a supportive safe reply) instead of a block.
    - name: support-self-harm-disclosures
      when: { category: self-harm.support }
      action: review
  # Every other finding blocks.
  defaultAction: block

output:
  onError: fail-closed
  timeoutMs: 1000
  scanners:
    # Secrets in answers block, streamed or not.
    - use: secrets
    # Markdown images, links and URLs that smuggle data to foreign domains.
    - use: exfiltration
    # The system prompt (and its canary token) leaking into the answer.
    - use: prompt-leak
    # Personal data the model produced on its own is redacted, not restored.
    - use: pii
  rules:
    - name: redact-new-personal-data
      when: { scanner: pii }
      action: redact
  defaultAction: block
  stream:
    # Text is released once scanned together with the next 256 characters.
    windowChars: 256
    mode: window

retrieval:
  onError: fail-closed
  scanners:
    # Poisoned documents are dropped one by one; the others still reach the model.
    - use: indirect-injection
    - use: secrets
  defaultAction: drop
  defaultTrust: standard

tool:
  onError: fail-closed
  scanners:
    # Outgoing arguments: no personal data or credentials leave through tools.
    - use: pii
      targets: [arguments]
    - use: secrets
      targets: [arguments]
    # Results coming back: instructions planted in fetched pages or API responses.
    - use: indirect-injection
      targets: [result]
  rules:
    - name: redact-personal-data-in-arguments
      when: { scanner: pii }
      action: redact
  defaultAction: block

redaction:
  reversible: true
  # Originals are kept in the vault for one hour per conversation, never logged.
  ttlSeconds: 3600
  restoreOutput: true
  operators:
    "*": { type: placeholder }

review:
  # Ambiguous cases get a safe reply at once and are reviewed afterwards.
  mode: safe-reply
  holdSeconds: 30
  onTimeout: block

response:
  onBlock: error
  blockMessage: The request was blocked by policy.

audit:
  # Raw prompts are not stored; audit events keep decisions and redacted excerpts only.
  storeText: false

canary:
  # A random canary token is added to system prompts so prompt-leak can detect verbatim leaks.
  enabled: true
`;
