#!/usr/bin/env node
// Runs the TypeScript sources through tsx (the packages ship sources; see README).
import { register } from 'tsx/esm/api';

register();
process.env.PALISADE_CLI_ENTRY = '1';
await import('../src/cli/main.ts');
