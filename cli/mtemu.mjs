#!/usr/bin/env node
// The `mtemu` command (package.json "bin"): registers tsx's TypeScript
// loader in this process, then runs cli/main.ts with our arguments and
// passes its exit status through.

import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
