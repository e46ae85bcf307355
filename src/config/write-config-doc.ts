import { writeFileSync } from 'node:fs';
import { renderConfigDoc } from './config-doc.js';

// `npm run docs:config`: regenerates docs/CONFIG.md from the schema.
writeFileSync('docs/CONFIG.md', renderConfigDoc());
process.stdout.write('wrote docs/CONFIG.md\n');
