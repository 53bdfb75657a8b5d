// Worker-thread bootstrap for `mtemu compare`: registers tsx's TypeScript
// loader in this thread (workers start with no loader hooks and no
// execArgv), then runs worker.ts. Plain JavaScript so that it loads the
// same way under tsx, vitest and bare node.

import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
