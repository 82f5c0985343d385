import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

/** What the benchmarks measure a server process and its requests with. */

const MiB = 1 << 20;

/** Posts an OTLP/HTTP protobuf body; answers with the status (0 when the connection was cut, e.g. after an early 429). */
export function post(agent: Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: '/v1/traces', method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** p50, p99, max of a list of durations (nearest rank). */
export function quantiles(xs: readonly number[]): { p50: number; p99: number; max: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? 0, n: s.length };
}

/** A memory figure of a process, in MiB: its resident set now, or its peak. */
export function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return (Number(line?.replace(/\D+/g, '') ?? 0) * 1024) / MiB;
}

/** CPU seconds (user + system, all threads) a process has used. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds per thread name (chDB names its threads: MergeMutate, ThreadPool, …). */
export function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return out;
}

/** Spans per second of `fn` over the requests, on one core, best of five rounds. */
export function perCore(requests: readonly Buffer[], spansPerRequest: number, fn: (body: Buffer) => unknown): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (const r of requests) fn(r);
    best = Math.min(best, performance.now() - t);
  }
  return ((requests.length * spansPerRequest) / best) * 1000;
}
