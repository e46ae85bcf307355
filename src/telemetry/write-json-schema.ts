import { writeFileSync } from 'node:fs';
import { renderTelemetryJsonSchema } from './json-schema.js';

// `npm run docs:telemetry`: regenerates docs/telemetry.schema.json from the zod payload schemas.
writeFileSync('docs/telemetry.schema.json', renderTelemetryJsonSchema());
process.stdout.write('wrote docs/telemetry.schema.json\n');
