import { writeBuildId } from './build-id.js';

// `npm run build` runs this after tsc: dist/ records the digest of the sources it was compiled from.
process.stdout.write(`build id ${writeBuildId()}\n`);
