// Draining the inbox (`ducha hub accept`, and `push` run by an administrator) and importing bundle files
// (`ducha hub import`): each submission in its own transaction, one at a time per hub (an advisory lock),
// through decide() in accept.ts.
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { BundleReader } from '../team/reader.js';
import { LIMITS } from '../team/format.js';
import { CHUNK } from '../store/blobs.js';
import type { HubClient } from './connect.js';
import { decide, type Decision, type Submission } from './accept.js';
import { sealedChunkLengths } from './blobs.js';

/** One acceptor at a time: the register rule and the chains need each submission to see the previous ones. */
const LOCK = "SELECT pg_advisory_xact_lock(hashtext('ducha-hub-accept'))";

export async function inTransaction<T>(client: HubClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(LOCK);
    const value = await fn();
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A pushed batch as the acceptor reads it from the inbox. */
async function inboxSubmission(
  client: HubClient,
  row: { id: string; device: string; manifest: Buffer; signature: Buffer; submitted_by: string; submitted_at: Date },
): Promise<Submission> {
  const parts = (
    await client.query<{ events: string; links: string }>('SELECT events, links FROM inbox_batches WHERE id = $1', [
      row.id,
    ])
  ).rows[0]!;
  const events = Buffer.from(parts.events, 'utf8');
  const links = Buffer.from(parts.links, 'utf8');
  const sizes = (
    await client.query<{ bytes: string }>(
      'SELECT coalesce(sum(octet_length(data)), 0) AS bytes FROM inbox_blobs WHERE batch = $1',
      [row.id],
    )
  ).rows[0]!;
  return {
    source: 'push',
    where: t('hub.batchName', { id: row.id.slice(0, 8), device: row.device }),
    batch: row.id,
    manifestBytes: row.manifest,
    signature: row.signature,
    size: Number(sizes.bytes) + links.length + events.length,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    async *blobChunks(blob) {
      for (let n = 0; ; n++) {
        const chunk = (
          await client.query<{ data: Buffer }>(
            'SELECT data FROM inbox_blobs WHERE batch = $1 AND sha256 = $2 AND n = $3',
            [row.id, blob.sha256, n],
          )
        ).rows[0];
        if (!chunk) return;
        yield chunk.data;
      }
    },
    async storeBlob(blob) {
      await client.query(
        'INSERT INTO blob_chunks (sha256, n, data) SELECT sha256, n, data FROM inbox_blobs WHERE batch = $1 AND sha256 = $2',
        [row.id, blob.sha256],
      );
    },
    links: { chunks: () => slices(links) },
    events: { chunks: () => slices(events) },
  };
}

/** A buffer in slices of 1 MiB, as a bundle's events part is read. */
export async function* slices(bytes: Buffer): AsyncIterable<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += 1 << 20) yield bytes.subarray(offset, offset + (1 << 20));
}

/** Accept or refuse every batch waiting in the inbox, oldest first; stops when it is empty. */
export async function drainInbox(client: HubClient, onDecision?: (d: Decision) => void): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for (;;) {
    const decision = await inTransaction(client, async () => {
      const row = (
        await client.query<{
          id: string;
          device: string;
          manifest: Buffer;
          signature: Buffer;
          submitted_by: string;
          submitted_at: Date;
        }>(
          'SELECT id, device, manifest, signature, submitted_by, submitted_at FROM inbox_batches ORDER BY submitted_at, id LIMIT 1',
        )
      ).rows[0];
      if (!row) return undefined;
      const d = await decide(client, await inboxSubmission(client, row));
      for (const table of ['inbox_events', 'inbox_blobs', 'inbox_batches'])
        await client.query(`DELETE FROM ${table} WHERE ${table === 'inbox_batches' ? 'id' : 'batch'} = $1`, [row.id]);
      return d;
    });
    if (!decision) return decisions;
    decisions.push(decision);
    onDecision?.(decision);
  }
}

/** A bundle file, opened, as the acceptor reads it: its blobs and parts are read from the file as they are checked. */
export function bundleSubmission(reader: BundleReader, file: string, submittedBy: string): Submission {
  reader.magic();
  const manifestBytes = reader.section(LIMITS.manifestBytes);
  const signature = reader.section(LIMITS.signatureBytes);
  const size = reader.remaining;
  return {
    source: 'bundle',
    // Named by the file's name only: the reason of a refusal is kept on the hub, where its readers have no business
    // with this computer's folders (a home folder names its user).
    where: basename(file),
    manifestBytes,
    signature,
    size,
    submittedBy,
    submittedAt: new Date(),
    async *blobChunks(blob) {
      // A sealed file travels as its stored chunks, each as long as the clear chunk it seals plus the overhead.
      if (blob.sealed) for (const length of sealedChunkLengths(blob.size, blob.sealed.bytes)) yield reader.read(length);
      else yield* reader.chunks(blob.size, CHUNK);
    },
    links: {
      async *chunks(bytes) {
        yield* reader.chunks(bytes);
      },
    },
    events: {
      async *chunks() {
        yield* reader.chunks(reader.remaining);
      },
    },
  };
}

/** `ducha hub import BUNDLE`: a bundle file laptops already export, through the same acceptance. */
export async function importBundleToHub(client: HubClient, file: string, submittedBy: string): Promise<Decision> {
  const reader = new BundleReader(file);
  try {
    const submission = bundleSubmission(reader, file, submittedBy);
    return await inTransaction(client, () => decide(client, submission));
  } finally {
    reader.close();
  }
}

/** A refused submission as the error a command exits with. */
export function refusedError(d: Decision): InputError {
  return new InputError(d.reason ?? '', { hint: d.hint, code: d.code ?? 'hub-refused' });
}
