/**
 * Bytes of request bodies held in memory before they become rows: received
 * (raw and decompressed) and being decoded. The receivers reserve a body's
 * bytes before reading it — from its Content-Length when it has one, else as
 * it arrives — and release them once its rows are built (the writer's queue
 * bound counts the rows from then on). Past the limit a request is answered
 * 429 / RESOURCE_EXHAUSTED with a retry delay, before its body is read, so
 * memory stays bounded whatever the number of concurrent exports.
 *
 * With nothing reserved, any one request fits (up to BATON_MAX_BODY_BYTES):
 * a limit below the largest request must not refuse it forever.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get reserved(): number {
    return this.used;
  }

  /** A reservation of `bytes`, or undefined when it does not fit now. */
  reserve(bytes: number): Reservation | undefined {
    if (this.used > 0 && this.used + bytes > this.limit) return undefined;
    this.used += bytes;
    return new Reservation(this, bytes);
  }

  /** @internal */
  give(bytes: number): void {
    this.used -= bytes;
  }

  /** @internal */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
}

/** Bytes held for one request; grows as its body turns out larger, released once (idempotent). */
export class Reservation {
  private released = false;

  constructor(
    private readonly budget: ByteBudget,
    private held: number,
  ) {}

  get bytes(): number {
    return this.held;
  }

  /** Holds `total` bytes in all (no-op if already holding as many); false when the budget has no room. */
  growTo(total: number): boolean {
    if (this.released || total <= this.held) return true;
    if (!this.budget.take(total - this.held)) return false;
    this.held = total;
    return true;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.held);
  }
}
