import type { SecretCandidate } from './secret-rules.js';

// KEY = value, KEY: value, "key": "value", export KEY=value, --password=value, key => 'value'.
// Group 1 is the key, group 3 the value. The key's prefix is bounded and lazy; the separator and
// value classes do not overlap, so matching stays linear.
const assignmentPattern =
  /(?<![A-Za-z0-9_])((?:[A-Za-z0-9_.-]{0,40}?)(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?|signing[_-]?key|encryption[_-]?key))(?:[A-Za-z0-9_]{0,20})["']?\s{0,4}(?::=|=>|:|=)\s{0,4}(["'`]?)([^\s"'`,;}{)(\]<>]{1,512})\2/gi;

const placeholderValue =
  /^(?:\*+|x{3,}|\.{3,}|-+|null|nil|none|undefined|true|false|yes|no|required|optional|string|number|boolean|secret|password|changeme|change[_-]?me|example|sample|test|dummy|redacted|hidden|placeholder|todo|tbd|env|your[_-].*|my[_-](?:password|secret|token|key).*|<.*|\$\{.*|\$\(.*|\{\{.*|%\(.*|\$[A-Z_][A-Z0-9_]*|process\.env.*|os\.environ.*|env\(.*|getenv.*|settings\..*|config\..*)$/i;

/** True when a value is obviously not a real secret (placeholder, reference, type name…). */
export function isPlaceholderSecret(value: string): boolean {
  if (placeholderValue.test(value)) return true;
  if (/^(.)\1+$/.test(value)) return true;
  return false;
}

/**
 * Secrets assigned to credential-like keys in `.env`, shell, YAML, JSON, TOML, INI, code and CLI
 * flags. Password-like keys accept any non-placeholder value of 4+ characters; token-like keys
 * need 8+ characters with a digit or mixed case, so prose ("the token: expired") stays quiet.
 *
 * @example
 * findAssignmentSecrets('DB_PASSWORD=s3cr3t-Pa55'); // [{ kind: 'password-assignment', start: 12, end: 23, … }]
 */
export function findAssignmentSecrets(text: string): SecretCandidate[] {
  const candidates: SecretCandidate[] = [];
  if (!/password|passwd|passphrase|pwd|secret|token|key|credential/i.test(text)) return candidates;
  assignmentPattern.lastIndex = 0;
  for (let match = assignmentPattern.exec(text); match !== null; match = assignmentPattern.exec(text)) {
    const key = match[1]!.toLowerCase();
    const value = match[3]!;
    if (isPlaceholderSecret(value)) continue;
    const passwordLike = /password|passwd|passphrase|pwd/.test(key);
    if (passwordLike) {
      if (value.length < 4) continue;
    } else {
      if (value.length < 8) continue;
      if (!/\d/.test(value) && !(/[a-z]/.test(value) && /[A-Z]/.test(value))) continue;
      // Key names that merely mention tokens: max_tokens=4096, token_count: 12.
      if (
        /^\d+$/.test(value) ||
        /(?:count|limit|max|min|length|size|type|url|uri|path|file|name|id|expir|ttl|timeout)/.test(key)
      ) {
        continue;
      }
    }
    const valueStart = match.index + match[0].length - value.length - match[2]!.length;
    candidates.push({
      kind: passwordLike ? 'password-assignment' : 'secret-assignment',
      start: valueStart,
      end: valueStart + value.length,
      severity: 'high',
      score: passwordLike ? 0.85 : 0.8,
    });
  }
  return candidates;
}
