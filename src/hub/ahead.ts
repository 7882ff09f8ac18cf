// Parsing a submission's lines ahead of the group being stored, a slice at a time, whenever this process
// waits for PostgreSQL: the acceptor asks the hub what it knows about a group, stores it and projects it in
// several round trips, and each wait is time the next groups' parsing (JSON, shape, canonical payload,
// hash: the rules' parseEvent) can use. Groups are parsed in order and handed over in order, each with the
// fault of its first line that does not parse (nothing after that line is parsed); at most `depth` groups
// wait parsed, so what this holds stays bounded.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** A group of lines parsed: the items before the first line that does not parse, and that line's fault. */
export interface Parsed<T> {
  items: T[];
  fault?: unknown;
}

/** Lines parsed between two turns of the event loop: small enough that a reply from PostgreSQL waits little. */
export const SLICE = 100;

export class Ahead<T> {
  private readonly ready: Array<Parsed<T>> = [];
  private finished = false;
  private stopped = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  /**
   * @param groups the groups of lines, in order
   * @param parse one line (throws what refuses it)
   * @param afterGroup work of the caller's own to do once per group parsed (e.g. reading its next batch)
   */
  constructor(
    private readonly groups: AsyncIterator<readonly string[]>,
    private readonly parse: (line: string) => T,
    private readonly depth = 1,
    private readonly afterGroup?: () => void,
  ) {
    void this.run();
  }

  /** The next group parsed, or undefined after the last; rethrows what reading the groups threw. */
  async next(): Promise<Parsed<T> | undefined> {
    while (this.ready.length === 0 && !this.finished) await new Promise<void>((wake) => (this.wakeConsumer = wake));
    if (this.failure) throw this.failure.error;
    const group = this.ready.shift();
    this.wakeProducer?.();
    return group;
  }

  /** Parse nothing more (the consumer stopped, e.g. on a refusal). */
  stop(): void {
    this.stopped = true;
    this.wakeProducer?.();
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped) {
        while (this.ready.length >= this.depth && !this.stopped)
          await new Promise<void>((wake) => (this.wakeProducer = wake));
        if (this.stopped) break;
        const next = await this.groups.next();
        if (next.done || this.stopped) break;
        const group: Parsed<T> = { items: [] };
        const lines = next.value;
        for (let i = 0; i < lines.length && !this.stopped; i++) {
          if (i > 0 && i % SLICE === 0) await nextTurn();
          try {
            group.items.push(this.parse(lines[i]!));
          } catch (fault) {
            group.fault = fault;
            break;
          }
        }
        if (this.stopped) break;
        if (!group.fault) this.afterGroup?.();
        this.ready.push(group);
        this.wakeConsumer?.();
        if (group.fault) break;
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.finished = true;
      this.wakeConsumer?.();
    }
  }
}
