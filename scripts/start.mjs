// `npm start`: build the UI if needed, then run the server entry (TypeScript,
// loaded through tsx) in this same process.
import { register } from 'tsx/esm/api';
import { ensureBuild } from './build-if-needed.mjs';

process.env.NODE_ENV ??= 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
ensureBuild();
register();
await import('../server.ts');
