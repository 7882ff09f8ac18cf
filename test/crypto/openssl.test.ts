// Optional third implementation: the `openssl` command (OpenSSL 3's own SM2 code, unrelated to either npm
// library) checks the 国密 suite's keys, signatures and key wrapping both ways. Skipped where there is no
// `openssl` 3 with SM2 on the PATH; the required cross-checks are in sm2.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/crypto/index.js';

function openssl(args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: run.error ? null : run.status, stdout: run.stdout ?? '' };
}

const version = openssl(['version']);
const hasSm2 =
  version.status === 0 &&
  /^OpenSSL 3\./.test(version.stdout) &&
  openssl(['list', '-public-key-algorithms']).stdout.includes('SM2');

// Minimal DER for SM2Signature (SEQUENCE of two INTEGERs) and SM2Cipher (GM/T 0009: x, y INTEGER; hash, cipher OCTET STRING).
const tlv = (tag: number, body: Buffer) =>
  Buffer.concat([Buffer.from(body.length < 128 ? [tag, body.length] : [tag, 0x81, body.length]), body]);
const derInteger = (n: Buffer) => {
  let i = 0;
  while (i < n.length - 1 && n[i] === 0) i++;
  const v = n.subarray(i);
  return tlv(0x02, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
};
function readDer(bytes: Buffer): Buffer[] {
  const items: Buffer[] = [];
  let at = bytes[1]! & 0x80 ? 2 + (bytes[1]! & 0x7f) : 2;
  while (at < bytes.length) {
    let length = bytes[at + 1]!;
    let head = 2;
    if (length & 0x80) [length, head] = [bytes[at + 2]!, 3];
    items.push(bytes.subarray(at + head, at + head + length));
    at += head + length;
  }
  return items;
}
const pad32 = (n: Buffer) => Buffer.concat([Buffer.alloc(32), n]).subarray(-32);
const pem = (label: string, der: string) =>
  `-----BEGIN ${label}-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;

const gm = await loadSuite('gm');
// The standard's default user id, as the suite must use it (GM/T 0009-2012 §10).
const sm2 = ['-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'];

describe.skipIf(!hasSm2)('国密 suite against the openssl command (OpenSSL 3 SM2)', () => {
  const pair = gm.generateSigningKey();
  let dir = '';
  let priv = '';
  let pub = '';
  let message = '';
  const file = (name: string, content: string | Buffer) => (writeFileSync(join(dir, name), content), join(dir, name));
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ducha-openssl-'));
    priv = file('key.pem', pem('PRIVATE KEY', pair.privateKey));
    pub = file('pub.pem', pem('PUBLIC KEY', pair.publicKey));
    message = file('message', Buffer.from('督查 chain head 42'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the suite's private key and derives the suite's public key from it", () => {
    const out = join(dir, 'derived.der');
    expect(openssl(['pkey', '-in', priv, '-pubout', '-outform', 'DER', '-out', out]).status).toBe(0);
    expect(readFileSync(out).toString('base64')).toBe(pair.publicKey);
  });

  it("verifies the suite's signature, and refuses it for another message", () => {
    const rs = gm.sign(pair.privateKey, readFileSync(message));
    const sig = file(
      'ours.der',
      tlv(0x30, Buffer.concat([derInteger(rs.subarray(0, 32)), derInteger(rs.subarray(32))])),
    );
    expect(
      openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-in', message, '-sigfile', sig, ...sm2]).status,
    ).toBe(0);
    const other = file('other', Buffer.from('督查 chain head 43'));
    expect(
      openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-in', other, '-sigfile', sig, ...sm2]).status,
    ).not.toBe(0);
  });

  it('makes signatures the suite verifies', () => {
    const sig = join(dir, 'theirs.der');
    expect(openssl(['pkeyutl', '-sign', '-inkey', priv, '-in', message, '-out', sig, ...sm2]).status).toBe(0);
    const [r, s] = readDer(readFileSync(sig));
    expect(gm.verify(pair.publicKey, readFileSync(message), Buffer.concat([pad32(r!), pad32(s!)]))).toBe(true);
  });

  it('decrypts a key the suite wrapped, and wraps one the suite unwraps (C1C3C2 ⇄ GM/T 0009 DER)', () => {
    const contentKey = randomBytes(32);
    const wrapped = gm.wrapKey(pair.publicKey, contentKey);
    const der = tlv(
      0x30,
      Buffer.concat([
        derInteger(wrapped.subarray(1, 33)),
        derInteger(wrapped.subarray(33, 65)),
        tlv(0x04, wrapped.subarray(65, 97)),
        tlv(0x04, wrapped.subarray(97)),
      ]),
    );
    const out = join(dir, 'unwrapped');
    expect(openssl(['pkeyutl', '-decrypt', '-inkey', priv, '-in', file('wrapped.der', der), '-out', out]).status).toBe(
      0,
    );
    expect(readFileSync(out).equals(contentKey)).toBe(true);

    const theirs = join(dir, 'theirs.enc');
    expect(
      openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pub, '-in', file('content-key', contentKey), '-out', theirs])
        .status,
    ).toBe(0);
    const [x, y, hash, cipher] = readDer(readFileSync(theirs));
    expect(
      gm
        .unwrapKey(pair.privateKey, Buffer.concat([Buffer.from([4]), pad32(x!), pad32(y!), hash!, cipher!]))
        .equals(contentKey),
    ).toBe(true);
  });
});
