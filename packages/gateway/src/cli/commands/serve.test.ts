import { describe, expect, it } from 'vitest';
import { serveCommand } from './serve.js';

describe('serveCommand', () => {
  it('offers the documented flags', () => {
    const flags = serveCommand().options.map((option) => option.long);
    expect(flags).toEqual(
      expect.arrayContaining([
        '--config',
        '--host',
        '--port',
        '--upstream',
        '--upstream-key',
        '--policy',
        '--demo',
        '--tls-cert',
        '--tls-key',
        '--storage',
      ]),
    );
  });

  it('rejects a malformed port before starting anything', async () => {
    const command = serveCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => {} });
    await expect(command.parseAsync(['node', 'serve', '--port', 'eighty'])).rejects.toThrow(/port number/);
  });
});
