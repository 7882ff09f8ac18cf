// Rows into a table by COPY … FROM STDIN in PostgreSQL's binary format: each value travels as its bytes
// behind its length — text as UTF-8, integers as 4 or 8 bytes — so nothing is escaped or serialised as JSON
// on this side, and nothing parsed as JSON or copied into text again on the server's. The events a group adds
// and their records (the bulk of what a push sends: payloads and notes) go this way; the rest keeps bulk.ts's
// one statement. The data is encoded in pieces of about CHUNK bytes; a piece is sent as soon as it is full
// when the COPY is already under way, so PostgreSQL stores the first rows while the last are encoded. A value
// PostgreSQL cannot hold (U+0000 in text) fails the COPY with 22021, and text that UTF-8 cannot carry
// unchanged (an unpaired surrogate, which Node would write as U+FFFD) is refused here with 22P02, as PostgreSQL
// refuses it in JSON: the acceptance records either as a refusal, as it does for the other statements. One
// statement at a time on the connection: node-postgres deprecates queueing a query behind a running one.
import type { CopyFromStream } from 'pg-copy-streams';
import type { HubClient } from './connect.js';
import type { Rows } from './bulk.js';
import { t } from '../i18n/index.js';

/** Bytes per piece: large enough that each message's overhead is nothing, small enough to overlap. */
export const CHUNK = 256 * 1024;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = 19; // the signature, then the flags and the header extension's length (both 0)

/** A column's type as COPY's binary format writes it. */
export type CopyType = 'text' | 'bigint' | 'int';

export type CopyValue = string | number | boolean | null | undefined;

type CopyFrom = (text: string) => CopyFromStream;

/** Text with an unpaired surrogate: refused as PostgreSQL refuses it in JSON (invalid_text_representation). */
export class NotUnicode extends Error {
  readonly code = '22P02';
  constructor(table: string, column: number) {
    super(t('hub.notUnicode', { table, column }));
    this.name = 'NotUnicode';
  }
}

/**
 * The binary COPY data of one table's rows: the header, each row's values in the columns' order, the trailer;
 * with the table and its columns, which the COPY names (and a refusal too).
 */
export class CopyData {
  /** Where rows are encoded; each piece is a view of it, never written again once cut (no copy is made). */
  private buffer = Buffer.allocUnsafe(CHUNK * 2);
  /** The current piece's start, and where the next byte goes. */
  private start = 0;
  private at = HEADER;
  private pieces: Buffer[] = [];
  private sink: ((piece: Buffer) => void) | undefined;
  rows = 0;

  constructor(
    readonly table: string,
    readonly columns: string,
    private readonly types: readonly CopyType[],
  ) {
    SIGNATURE.copy(this.buffer, 0);
    this.buffer.fill(0, SIGNATURE.length, HEADER);
  }

  add(values: readonly CopyValue[]): void {
    this.room(2);
    this.buffer.writeInt16BE(values.length, this.at);
    this.at += 2;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        this.room(4);
        this.buffer.writeInt32BE(-1, this.at);
        this.at += 4;
      } else if (this.types[i] === 'int') {
        this.room(8);
        this.buffer.writeInt32BE(4, this.at);
        this.buffer.writeInt32BE(Number(v), this.at + 4);
        this.at += 8;
      } else if (this.types[i] === 'bigint') {
        this.room(12);
        this.buffer.writeInt32BE(8, this.at);
        this.buffer.writeBigInt64BE(BigInt(v), this.at + 4);
        this.at += 12;
      } else {
        const s = String(v);
        if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new NotUnicode(this.table, i + 1);
        this.room(4 + s.length * 3); // at most three bytes of UTF-8 per UTF-16 unit
        const n = this.buffer.write(s, this.at + 4, 'utf8');
        this.buffer.writeInt32BE(n, this.at);
        this.at += 4 + n;
      }
    }
    this.rows++;
    if (this.at - this.start >= CHUNK) this.cut();
  }

  /** Rows held as columns (bulk.ts's Rows), in order. */
  addRows(rows: Rows): void {
    const cols = rows.cols;
    const row: CopyValue[] = new Array(cols.length);
    for (let r = 0; r < rows.size; r++) {
      for (let c = 0; c < cols.length; c++) row[c] = cols[c]![r] as CopyValue;
      this.add(row);
    }
  }

  /** From now on each piece goes to `sink` as it is cut; those cut before go first. */
  drainTo(sink: (piece: Buffer) => void): void {
    for (const piece of this.pieces.splice(0)) sink(piece);
    this.sink = sink;
  }

  /** The trailer, and the last piece cut. */
  finish(): void {
    this.room(2);
    this.buffer.writeInt16BE(-1, this.at);
    this.at += 2;
    this.cut();
  }

  /** What is encoded since the last piece becomes one; the bytes after it stay free for the next. */
  private cut(): void {
    if (this.at === this.start) return;
    const piece = this.buffer.subarray(this.start, this.at);
    this.start = this.at;
    if (this.sink) this.sink(piece);
    else this.pieces.push(piece);
  }

  /** Room for n more bytes in the current piece: when the buffer is too full, the piece is cut and a new one begun. */
  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    this.cut();
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK * 2, n));
    this.start = this.at = 0;
  }
}

/**
 * One COPY under way on the connection (which must be idle: nothing else queued), its data sent as it is
 * encoded. `close` finishes the data and resolves once the rows are stored (or rejects with the server's
 * error, the transaction then aborted as for any other statement); `abort` fails the COPY when the caller
 * cannot finish it, so the server stores none of its rows and the connection is free again.
 */
export class CopyIn {
  private readonly done: Promise<void>;
  /** The server's error (or the connection's end), once it came: nothing more is written to the stream. */
  private failed = false;

  private constructor(
    private readonly stream: CopyFromStream,
    private readonly data: CopyData,
  ) {
    this.done = new Promise<void>((ok, fail) => {
      stream.on('finish', ok);
      stream.on('error', (error) => {
        this.failed = true;
        fail(error);
      });
    });
    this.done.catch(() => undefined); // read by close() or abort(); a failure before then must not go unhandled
    // After a failure the stream has no connection to write to: what is encoded is dropped, close() reports it.
    data.drainTo((piece) => void (this.failed || stream.write(piece)));
  }

  static async start(client: HubClient, data: CopyData): Promise<CopyIn> {
    // CommonJS: its exports arrive as the default, or also by name.
    const loaded = (await import('pg-copy-streams')) as unknown as { from?: CopyFrom; default?: { from: CopyFrom } };
    const from = loaded.from ?? loaded.default!.from;
    return new CopyIn(client.query(from(`COPY ${data.table} (${data.columns}) FROM STDIN (FORMAT binary)`)), data);
  }

  async close(): Promise<void> {
    this.data.finish();
    if (!this.failed) this.stream.end();
    await this.done;
  }

  async abort(reason: unknown): Promise<void> {
    if (!this.failed) this.stream.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    await this.done.catch(() => undefined);
  }
}

/** COPY rows encoded beforehand (the connection idle); resolves once they are stored. */
export async function copyRows(client: HubClient, data: CopyData): Promise<void> {
  if (data.rows === 0) return;
  await (await CopyIn.start(client, data)).close();
}
