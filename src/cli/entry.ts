import { main } from './main.js';

// The process entry point (bin/townlet.js imports this file).
process.exitCode = await main(process.argv.slice(2));
