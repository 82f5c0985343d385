// `npm run demo`: Baton exactly as `npm start` runs it, plus the simulator
// sending realistic multi-agent traffic to it: a history of sessions (once
// per data directory) so every page has content at once, then live traffic
// until Ctrl-C / SIGTERM, which stops the simulator and then Baton (which
// finishes the writes it accepted). See docs/simulator.md.
import { runBaton } from './run-baton.mjs';

const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) {
  // Registered before Baton's own handlers, so it runs first: the simulator
  // stops sending before Baton closes its receiver.
  process.once(signal, () => {
    stop.abort();
    // Baton registers its handler once it is up; before that, stop right away.
    if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

await runBaton();

const { parseEnv } = await import('../lib/env.ts');
let env;
try {
  env = parseEnv();
} catch {
  // Baton reports the bad setting and exits by itself.
  await new Promise(() => undefined);
}

const reachable = (host) => (host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host);
const apiUrl = `http://${reachable(env.BATON_HOST)}:${env.PORT}`;
const log = (line) => console.log(line);

if (env.BATON_OTLP_HTTP_PORT === 0) {
  log('demo: the OTLP receiver is disabled (BATON_OTLP_HTTP_PORT=0), so the simulator has nowhere to send; Baton runs without it');
} else {
  while (!stop.signal.aborted && !(await fetch(`${apiUrl}/readyz`).then((r) => r.ok, () => false))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!stop.signal.aborted) {
    const { runDemo, DEMO } = await import('../simulator/demo.ts');
    // Where to look: the overview over the demo's whole history (its default range is the last day).
    const days = Math.max(1, Math.min(DEMO.days, env.BATON_RETENTION_DAYS - 1));
    log(`demo: open ${apiUrl}/?from=now-${days}d&to=now in a browser: the overview of the demo's ${days} days of history`);
    try {
      await runDemo({
        apiUrl,
        otlpEndpoint: `http://${reachable(env.BATON_OTLP_HOST)}:${env.BATON_OTLP_HTTP_PORT}`,
        ingestKey: env.BATON_INGEST_KEYS[0],
        retentionDays: env.BATON_RETENTION_DAYS,
        signal: stop.signal,
        log,
      });
    } catch (err) {
      // While stopping, Baton closes its receiver under the simulator: not worth a word.
      if (!stop.signal.aborted) console.error(`demo: the simulator stopped: ${err instanceof Error ? err.message : String(err)} (Baton keeps running)`);
    }
  }
}
// Baton keeps the process alive until a signal stops it.
