// Regenerates packages/gateway/data/redteam/attack-library.jsonl from build-attack-library.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { attackLibraryPath, serializeAttackLibrary } from './attack-library.js';
import { buildAttackLibrary } from './build-attack-library.js';

mkdirSync(new URL('.', attackLibraryPath), { recursive: true });
writeFileSync(attackLibraryPath, serializeAttackLibrary(buildAttackLibrary()));
process.stdout.write(`wrote ${attackLibraryPath.pathname}\n`);
