import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

describe('createLogger', () => {
  it('writes JSON lines with the level label and censors secret fields', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ destination });
    logger.info({ requestId: 'r1', apiKey: 'sk-live-1', headers: { authorization: 'Bearer sk-2' } }, 'hello');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', requestId: 'r1', msg: 'hello', apiKey: '[redacted]' });
    expect(lines.join('')).not.toContain('sk-live-1');
    expect(lines.join('')).not.toContain('sk-2');
  });
});
