// The part of pg-copy-streams (7.x, CommonJS, no types of its own) the hub uses: COPY … FROM STDIN as a
// writable stream handed to node-postgres' client.query.
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  export interface CopyFromStream extends Writable, Submittable {
    rowCount: number;
  }
  export function from(text: string): CopyFromStream;
}
