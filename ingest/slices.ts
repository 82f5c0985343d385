import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Long row building in slices. A builder is a generator that yields between
 * slices of its work; `runSync` runs it straight through (tests, small
 * batches), `runYielding` gives the event loop a turn whenever a slice ran
 * longer than YIELD_AFTER_MS, so one 16 MiB export never holds up the reads
 * and exports waiting behind it for seconds.
 */

export type Slices<T> = Generator<void, T, void>;

const YIELD_AFTER_MS = 10;

export function runSync<T>(work: Slices<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

export async function runYielding<T>(work: Slices<T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - since > YIELD_AFTER_MS) {
      await yieldToEventLoop();
      since = performance.now();
    }
  }
}

/**
 * JSONCompactEachRow lines gathered into Buffers a megabyte at a time: a
 * request's rows never sit in memory as both thousands of strings and one
 * joined copy of them.
 */
export class LineBuffer {
  private readonly parts: Buffer[] = [];
  private pending: string[] = [];
  private chars = 0;
  private count = 0;

  push(line: string): void {
    this.pending.push(line);
    this.chars += line.length;
    this.count++;
    if (this.chars >= 1 << 20) this.flush();
  }

  get lines(): number {
    return this.count;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(Buffer.from(`${this.pending.join('\n')}\n`, 'utf8'));
    this.pending = [];
    this.chars = 0;
  }

  toBuffer(): Buffer {
    this.flush();
    if (this.parts.length === 0) return Buffer.alloc(0);
    return this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
  }
}
