// Entry of a row worker thread (./row-workers.ts): the worker runs TypeScript
// through tsx, as the server entry does, and then the worker module itself.
import { register } from 'tsx/esm/api';

register();
await import('./row-worker.ts');
