// Regenerates docs/errors.md from the error catalogue.
import { writeFileSync } from 'node:fs';
import { renderErrorsDocument } from '../packages/guard/src/errors-document.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDocument());
process.stdout.write('wrote docs/errors.md\n');
