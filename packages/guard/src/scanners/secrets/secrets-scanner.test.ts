import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../scanner/types.js';
import { shannonEntropy } from './entropy.js';
import { findSecrets, SecretsConfig, secretsScanner } from './secrets-scanner.js';

const config = SecretsConfig.parse({});

function secretsIn(text: string): string[] {
  return findSecrets(text, config).map(
    (candidate) => `${candidate.kind}:${text.slice(candidate.start, candidate.end)}`,
  );
}

// Fake credentials in the providers' formats, assembled so that no literal token sits in the source.
const fake = {
  awsId: ['AKIA', 'Z7Q3ABCDEFGH2345'].join(''),
  awsSecret: ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYzq9Lq8Tk3A'].join(''),
  github: ['ghp_', '16C7e42F292c6912E7710c838347Ae178B4a'].join(''),
  gitlab: ['glpat-', 'x9Yz8Ab7Cd6Ef5Gh4Ij3'].join(''),
  slack: ['xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'].join(''),
  stripe: ['sk_live_', '51H8xYzAbCdEfGhIjKlMnOpQr'].join(''),
  google: ['AIza', 'SyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW'].join(''),
  twilio: ['SK', '0123456789abcdef0123456789abcdef'].join(''),
  sendgrid: ['SG.', 'abcdefghijklmnopqrstuv.', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'].join(''),
  npm: ['npm_', 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'].join(''),
  pypi: ['pypi-', 'AgEIcHlwaS5vcmc', 'CJGQ2ZjM0ZTUtOGE3Zi00YjQ4LTk0N2EtNzE1ZjJkYWU0NGI3AAIqWzMsIj'].join(''),
  openai: ['sk-proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'].join(''),
  anthropic: ['sk-ant-api03-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2n-AA'].join(''),
  jwt: [
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ',
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ].join('.'),
};

describe('secrets: provider formats', () => {
  it.each([
    [`AWS_ACCESS_KEY_ID=${fake.awsId}`, 'aws-access-key-id', fake.awsId],
    [`aws_secret_access_key = "${fake.awsSecret}"`, 'aws-secret-access-key', fake.awsSecret],
    [`token ${fake.github}`, 'github-token', fake.github],
    [`CI_TOKEN: ${fake.gitlab}`, 'gitlab-token', fake.gitlab],
    [`slack ${fake.slack}`, 'slack-token', fake.slack],
    [`stripe ${fake.stripe}`, 'stripe-key', fake.stripe],
    [`maps ${fake.google}`, 'google-api-key', fake.google],
    [`twilio ${fake.twilio}`, 'twilio-api-key', fake.twilio],
    [`mail ${fake.sendgrid}`, 'sendgrid-key', fake.sendgrid],
    [`//registry.npmjs.org/:_authToken=${fake.npm}`, 'npm-token', fake.npm],
    [`password = ${fake.pypi}`, 'pypi-token', fake.pypi],
    [`OPENAI_API_KEY=${fake.openai}`, 'openai-key', fake.openai],
    [`x-api-key: ${fake.anthropic}`, 'anthropic-key', fake.anthropic],
    [`cookie=${fake.jwt}`, 'jwt', fake.jwt],
  ])('%s', (text, kind, value) => {
    expect(secretsIn(text)).toEqual([`${kind}:${value}`]);
  });

  it('reports a whole private-key block as one span', () => {
    const block = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
      'aXlBzKQ==',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const text = `key:\n${block}\nthanks`;
    expect(secretsIn(text)).toEqual([`private-key:${block}`]);
    const cut = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n';
    expect(secretsIn(cut)).toEqual([`private-key:${cut.trimEnd()}`]);
  });
});

describe('secrets: passwords and assignments', () => {
  it('finds passwords in connection strings, .env, shell, YAML, JSON and CLI flags (value span only)', () => {
    const text = [
      'DATABASE_URL=postgres://admin:S3cr3tP%40ss@db.internal:5432/app',
      'DB_PASSWORD=hunter2x',
      'export API_TOKEN="Zx81KqP0aB7Lm3"',
      'password: "p@ssW0rd!"',
      '{"client_secret": "8f7A6d5S4a3Q2w1E"}',
      'mysql --password=Sup3rS3cret',
    ].join('\n');
    expect(secretsIn(text)).toEqual([
      'connection-string-password:S3cr3tP%40ss',
      'password-assignment:hunter2x',
      'secret-assignment:Zx81KqP0aB7Lm3',
      'password-assignment:p@ssW0rd!',
      'secret-assignment:8f7A6d5S4a3Q2w1E',
      'password-assignment:Sup3rS3cret',
    ]);
  });

  it('ignores placeholders, references and numeric settings', () => {
    const text = [
      'max_tokens=4096',
      'token_count: 12',
      'password: <your-password>',
      ['API_KEY=$', '{API_KEY}'].join(''),
      'secret: changeme',
      'password: required',
      'OPENAI_API_KEY=<your-api-key>',
      'token = os.environ["TOKEN"]',
      'AKIAIOSFODNN7EXAMPLE',
    ].join('\n');
    expect(secretsIn(text)).toEqual([]);
  });
});

describe('secrets: entropy', () => {
  it('reports a random key next to a credential word', () => {
    expect(secretsIn('the session key is 9vQ2xT7LmZ4pR8sK1wY6bN3c')).toEqual([
      'generic-high-entropy:9vQ2xT7LmZ4pR8sK1wY6bN3c',
    ]);
  });

  it('stays quiet on UUIDs, hashes, commit SHAs, base64 images and identifiers', () => {
    const text = [
      'key 123e4567-e89b-12d3-a456-426614174000',
      'token sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'api commit 3f2a9c1b7e4d5f60a1b2c3d4e5f60718293a4b5c',
      'key data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'secret name my-service-account-credentials-v2',
      'access path /usr/local/lib/node_modules/typescript',
    ].join('\n');
    expect(secretsIn(text)).toEqual([]);
  });

  it('entropy is 0 for repeated characters and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
  });
});

describe('secrets scanner', () => {
  it('emits findings with spans, category and a message that withholds the value', async () => {
    const scanner = await secretsScanner.create(secretsScanner.configSchema.parse({ exclude: ['jwt'] }));
    const text = `use ${fake.github} and ${fake.jwt}`;
    const context: ScanContext = { text, stage: 'input', signal: new AbortController().signal, views: () => [] };
    const { findings, score } = await scanner.scan(context);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      scanner: 'secrets',
      category: 'secrets.github-token',
      severity: 'critical',
      entity: 'SECRET',
    });
    expect(text.slice(findings[0]!.span!.start, findings[0]!.span!.end)).toBe(fake.github);
    expect(findings[0]!.message).not.toContain(fake.github.slice(4, 12));
    expect(score).toBeGreaterThan(0.9);
  });

  it('honours the allow list and stays linear on adversarial input', () => {
    const allowed = SecretsConfig.parse({ allow: [fake.github] });
    expect(findSecrets(`token ${fake.github}`, allowed)).toEqual([]);
    fc.assert(
      fc.property(
        fc.constantFrom('a', 'A', '1', '=', ':', '-', '/', '@', ' ', 'x'),
        fc.integer({ min: 1000, max: 20000 }),
        (unit, count) =>
          Array.isArray(findSecrets(`password=${unit.repeat(count)} postgres://${unit.repeat(count)}`, config)),
      ),
      { numRuns: 20 },
    );
  });
});
