// `npm start`: build the UI if needed, then run the server entry (TypeScript,
// loaded through tsx) in this same process.
import { runBaton } from './run-baton.mjs';

await runBaton();
