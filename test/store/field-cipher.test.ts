// The field cipher of a protected database (issue 17): ciphertext text round-trips in both suites, is bound to
// its field (AAD) and its key id, passes clear text through, and only well-formed ciphertext is accepted in an
// imported payload; which members of which payloads are confidential.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gmAvailable, loadSuite } from '../../src/crypto/index.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { isCiphertext, mapPayload, wellFormedCiphertext } from '../../src/store/confidential.js';
import { eventShapeProblem } from '../../src/team/payload.js';
import { scratch } from '../helpers/scratch.js';

const suites = (['default', 'gm'] as const).filter((s) => s === 'default' || gmAvailable());

describe.each(suites)('FieldCipher (%s suite)', (suiteId) => {
  it('seals to ciphertext text that opens only for its field and its key; clear text passes through', async () => {
    const suite = await loadSuite(suiteId);
    const key = { id: randomBytes(16), key: randomBytes(32) };
    const cipher = new FieldCipher((k) => suite.aead(k), key);
    const sealed = cipher.seal('interviewee', '李秘密');
    expect(sealed).toMatch(/^ducha-enc:1:[A-Za-z0-9_-]+$/);
    expect(wellFormedCiphertext(sealed)).toBe(true);
    expect(Buffer.from(sealed.slice('ducha-enc:1:'.length), 'base64url').subarray(0, 16)).toEqual(key.id);
    // Interviewee names are sealed deterministically (equal names, equal text); other fields under random nonces.
    expect(cipher.seal('interviewee', '李秘密')).toBe(sealed);
    expect(cipher.seal('interviewee', '李秘')).not.toBe(sealed);
    expect(cipher.seal('note', '李秘密')).not.toBe(cipher.seal('note', '李秘密'));
    expect(
      new FieldCipher((k) => suite.aead(k), { id: key.id, key: randomBytes(32) }).seal('interviewee', '李秘密'),
    ).not.toBe(sealed);
    expect(cipher.open('interviewee', sealed)).toBe('李秘密');
    expect(cipher.open('note', '写在保护之前的明文')).toBe('写在保护之前的明文');
    // Moved to another field: refused (the AAD is the field's name).
    expect(() => cipher.open('note', sealed)).toThrow(expect.objectContaining({ code: 'crypto-tampered' }));
    // Another database's key: refused, naming its id.
    const other = new FieldCipher((k) => suite.aead(k), { id: randomBytes(16), key: randomBytes(32) });
    expect(() => other.open('interviewee', sealed)).toThrow(expect.objectContaining({ code: 'data-key-unknown' }));
    // Sealing again keeps what this cipher opens for the field, and encrypts text that only looks like ciphertext.
    expect(cipher.seal('interviewee', sealed)).toBe(sealed);
    expect(cipher.seal('note', sealed)).not.toBe(sealed);
    expect(cipher.open('note', cipher.seal('note', 'ducha-enc:not really'))).toBe('ducha-enc:not really');
    // A cipher holding both keys opens both databases' text.
    const both = new FieldCipher((k) => suite.aead(k), { id: randomBytes(16), key: randomBytes(32) }, [key]);
    expect(both.open('interviewee', sealed)).toBe('李秘密');
  });
});

describe.each(suites)('FieldCipher reading the same text again (%s suite)', (suiteId) => {
  it('opens each ciphertext once per field; an altered text, another field or an unknown key is still refused', async () => {
    const suite = await loadSuite(suiteId);
    let opens = 0;
    const counting = (k: Uint8Array) => {
      const aead = suite.aead(k);
      return { ...aead, open: (sealed: Uint8Array, aad?: Uint8Array) => (opens++, aead.open(sealed, aad)) };
    };
    const key = { id: randomBytes(16), key: randomBytes(32) };
    const cipher = new FieldCipher(counting, key, [], 1000);
    const sealed = cipher.seal('note', '个别谈话中反映请示报告登记不及时');
    expect(cipher.open('note', sealed)).toBe('个别谈话中反映请示报告登记不及时');
    expect(cipher.open('note', sealed)).toBe('个别谈话中反映请示报告登记不及时');
    expect(opens).toBe(1);
    expect(() => cipher.open('subject', sealed)).toThrow(expect.objectContaining({ code: 'crypto-tampered' }));
    // One byte of the ciphertext changed (inside the sealed body, not the key id): authenticated and refused.
    const bytes = Buffer.from(sealed.slice('ducha-enc:1:'.length), 'base64url');
    bytes[40] ^= 1;
    const altered = `ducha-enc:1:${bytes.toString('base64url')}`;
    expect(() => cipher.open('note', altered)).toThrow(expect.objectContaining({ code: 'crypto-tampered' }));
    expect(() => cipher.open('note', altered)).toThrow(expect.objectContaining({ code: 'crypto-tampered' }));
    expect(cipher.open('note', sealed)).toBe('个别谈话中反映请示报告登记不及时');
    // Past the bound (1,000 here), what was kept is let go and opened again when read.
    for (let i = 0; i < 2_000; i++) cipher.open('note', `明文 ${i}`);
    const many = Array.from({ length: 1_200 }, (_, i) => cipher.seal('subject', `对象 ${i}`));
    opens = 0;
    for (const text of many) cipher.open('subject', text);
    expect(opens).toBe(many.length);
    opens = 0;
    expect(cipher.open('note', sealed)).toBe('个别谈话中反映请示报告登记不及时');
    expect(opens).toBe(1);
  });
});

describe('confidential members', () => {
  const upper = (_field: string, v: string) => `<${v}>`;
  it('maps exactly the confidential members of each payload, register values by their entity', () => {
    expect(
      mapPayload(
        'record.added',
        {
          id: 'r',
          method: 'talk',
          note: 'n',
          subject: 's',
          interviewee: 'i',
          evidence: [{ sha256: 'h', name: 'a.jpg', size: 1, mime: 'image/jpeg' }],
        },
        upper,
      ),
    ).toEqual({
      id: 'r',
      method: 'talk',
      note: '<n>',
      subject: '<s>',
      interviewee: '<i>',
      evidence: [{ sha256: 'h', name: '<a.jpg>', size: 1, mime: 'image/jpeg' }],
    });
    const fields = (type: string, payload: unknown) => mapPayload(type, payload, upper);
    expect(
      fields('problem.updated', { id: 'p', fields: { description: 'd', leader: 'L', unit: 'U', measures: 'm' } }),
    ).toEqual({ id: 'p', fields: { description: '<d>', leader: 'L', unit: 'U', measures: '<m>' } });
    expect(fields('record.amended', { fields: { note: 'n', subject: null, method: 'visit' }, reason: 'r' })).toEqual({
      fields: { note: '<n>', subject: null, method: 'visit' },
      reason: '<r>',
    });
    expect(
      fields('conclusion.set', { result: 'partial', note: 'n', reason: 'r', changeReason: 'c', goodPractice: true }),
    ).toEqual({ result: 'partial', note: '<n>', reason: '<r>', changeReason: '<c>', goodPractice: true });
    expect(fields('problem.progressed', { kind: 'progress', status: 'rectifying', note: 'n', evidence: [] })).toEqual({
      kind: 'progress',
      status: 'rectifying',
      note: '<n>',
      evidence: [],
    });
    expect(fields('register.resolved', { entity: 'record/i/r/note', value: 'v' })).toEqual({
      entity: 'record/i/r/note',
      value: '<v>',
    });
    expect(fields('register.resolved', { entity: 'problem/i/p/deadline', value: '2027-01-01' })).toEqual({
      entity: 'problem/i/p/deadline',
      value: '2027-01-01',
    });
    expect(
      fields('register.resolved', { entity: 'conclusion/i/c/T-01', value: { result: 'partial', note: 'n' } }),
    ).toEqual({
      entity: 'conclusion/i/c/T-01',
      value: { result: 'partial', note: '<n>' },
    });
    expect(fields('inspection.created', { inspection: { title: 't' } })).toEqual({ inspection: { title: 't' } });
  });

  it('an imported payload may hold ciphertext where text is expected, only well formed (an evidence name too)', async () => {
    const suite = await loadSuite('default');
    const cipher = new FieldCipher((k) => suite.aead(k), { id: randomBytes(16), key: randomBytes(32) });
    const event = (payload: Record<string, unknown>) => ({
      id: '0123456789abcdef',
      device: 'd0123456789ab',
      seq: 1,
      at: '2026-12-01T01:00:00.000Z',
      actor: '张三',
      type: 'record.added',
      payload: {
        id: '0123456789abcdeg',
        inspectionId: 'abc123',
        checklistId: 'zhengfa-weiyuan',
        itemId: 'WY-01',
        method: 'talk',
        evidence: [],
        ...payload,
      },
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    });
    const longName = cipher.seal('evidence.name', `${'很长的文件名'.repeat(40)}.jpg`);
    expect(longName.length).toBeGreaterThan(255);
    const evidence = [{ sha256: 'a'.repeat(64), name: longName, size: 3, mime: 'image/jpeg' }];
    expect(eventShapeProblem(event({ note: cipher.seal('note', '笔记'), evidence }))).toBeUndefined();
    expect(eventShapeProblem(event({ note: 'ducha-enc:1:短' }))).toMatchObject({
      path: 'payload.note',
      problem: 'pattern',
    });
    expect(eventShapeProblem(event({ note: 'ducha-enc:2:' + 'A'.repeat(80) }))).toMatchObject({ problem: 'pattern' });
    const bad = [{ ...evidence[0], name: `${longName.slice(0, -3)}/..` }];
    expect(eventShapeProblem(event({ note: '明文', evidence: bad }))).toMatchObject({ problem: 'pattern' });
    expect(isCiphertext('ducha-enc:anything')).toBe(true);
  });
});

describe('well-formed ciphertext text', () => {
  it('is exactly canonical base64url after the prefix (what decoding and encoding again gives back)', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const canonical = (body: string) => Buffer.from(body, 'base64url').toString('base64url') === body;
    let seen = { yes: 0, no: 0 };
    for (let n = 62; n <= 70; n++)
      for (let last = 0; last < 64; last++) {
        const body = 'A'.repeat(n - 1) + chars[last];
        const expected = n % 4 !== 1 && canonical(body);
        expect(wellFormedCiphertext(`ducha-enc:1:${body}`), `${n} characters ending ${chars[last]}`).toBe(expected);
        seen = expected ? { ...seen, yes: seen.yes + 1 } : { ...seen, no: seen.no + 1 };
      }
    expect(seen.yes).toBeGreaterThan(0);
    expect(seen.no).toBeGreaterThan(0);
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(46 + (i % 40));
      expect(wellFormedCiphertext(`ducha-enc:1:${bytes.toString('base64url')}`)).toBe(true);
    }
    expect(wellFormedCiphertext(`ducha-enc:1:${'A'.repeat(70)}=`)).toBe(false);
    expect(wellFormedCiphertext(`ducha-enc:1:${'A'.repeat(70)}+`)).toBe(false);
  });
});

describe('the test vector of docs/format.md §18', () => {
  it('opens to its text, with the documented key id; the document holds it', async () => {
    const { readFileSync } = await import('node:fs');
    const { dataKeyId } = await import('../../src/store/key-locks.js');
    const suite = await loadSuite('default');
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const id = dataKeyId((b) => suite.hash(b), key);
    expect(id).toBe('7818647ad394925a585c2544d79dd32a');
    const vector = 'ducha-enc:1:eBhketOUklpYXCVE153TKgEBDw4NDAsKCQgHBgUEQq0_u_xPSgFtBY2jXqSiccJom3VTyhoWdg';
    const cipher = new FieldCipher((k) => suite.aead(k), { id: Buffer.from(id, 'hex'), key });
    expect(cipher.open('interviewee', vector)).toBe('李秘密');
    expect(Buffer.from(vector.slice(12), 'base64url').subarray(18, 30).toString('hex')).toBe(
      '0f0e0d0c0b0a090807060504',
    );
    const doc = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
    expect(doc).toContain(vector);
    expect(doc).toContain(id);
  });

  it('seals an interviewee name to the documented deterministic text in each suite', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const id = Buffer.from('7818647ad394925a585c2544d79dd32a', 'hex');
    const vectors = {
      default: 'ducha-enc:1:eBhketOUklpYXCVE153TKgEBWBbXS3mE6mGfENdUzugenAIxpv8Q4ErFjfmaWJn0p253rOaooA',
      gm: 'ducha-enc:1:eBhketOUklpYXCVE153TKgECKYkrOgpQ0ia8nJxRgBoLf8H4Tq9C26hGDuR2dKOA-yVhGqZ6q_hk3gLRAO2Md-vMMzD6ii9hp-OJ',
    };
    for (const suiteId of suites) {
      const suite = await loadSuite(suiteId);
      const cipher = new FieldCipher((k) => suite.aead(k), { id, key });
      expect(cipher.seal('interviewee', '李秘密')).toBe(vectors[suiteId]);
      expect(cipher.open('interviewee', vectors[suiteId])).toBe('李秘密');
      expect(doc).toContain(vectors[suiteId]);
    }
  });
});

describe('a Store reading confidential text', () => {
  const tmp = scratch();
  it('without a data key: text that only looks like ciphertext passes through; another database’s ciphertext is data-key-unknown', async () => {
    const store = tmp.store();
    expect(store.dataKeyId).toBeUndefined();
    expect(store.openText('note', 'ducha-enc:写成这样的笔记')).toBe('ducha-enc:写成这样的笔记');
    expect(store.openText('note', null)).toBeNull();
    const suite = await loadSuite('default');
    const id = randomBytes(16);
    const foreign = new FieldCipher((k) => suite.aead(k), { id, key: randomBytes(32) }).seal('note', '别处的笔记');
    expect(() => store.openText('note', foreign)).toThrow(
      expect.objectContaining({ code: 'data-key-unknown', message: expect.stringContaining(id.toString('hex')) }),
    );
    // Appending on a database without a data key stores the payload as given.
    expect(store.sealPayload('record.added', { note: '明文' } as never)).toEqual({ note: '明文' });
  });
});

describe.each(suites)('FieldCipher sealing the same name again (%s suite)', (suiteId) => {
  it('seals each distinct interviewee name once per command and gives the same text back; other fields every time', async () => {
    const suite = await loadSuite(suiteId);
    let seals = 0;
    const counting = (k: Uint8Array) => {
      const aead = suite.aead(k);
      return {
        ...aead,
        seal: (p: Uint8Array, aad?: Uint8Array) => (seals++, aead.seal(p, aad)),
        sealDeterministic: (p: Uint8Array, aad?: Uint8Array) => (seals++, aead.sealDeterministic(p, aad)),
      };
    };
    const key = { id: randomBytes(16), key: randomBytes(32) };
    const cipher = new FieldCipher(counting, key, [], 3);
    const names = ['李秘密', '王机密', '李秘密', '李秘密', '王机密'].map((n) => cipher.seal('interviewee', n));
    expect(seals).toBe(2);
    expect(names[2]).toBe(names[0]);
    expect(names[4]).toBe(names[1]);
    // Past the bound the memory is let go: sealing again gives the same text (it is deterministic), at a cost.
    for (const n of ['甲', '乙', '丙']) cipher.seal('interviewee', n);
    expect(cipher.seal('interviewee', '李秘密')).toBe(names[0]);
    expect(seals).toBe(6);
    cipher.seal('note', '同一段笔记');
    cipher.seal('note', '同一段笔记');
    expect(seals).toBe(8);
    // Another key seals the same name to other text (nothing is shared between ciphers).
    expect(
      new FieldCipher((k) => suite.aead(k), { id: key.id, key: randomBytes(32) }).seal('interviewee', '李秘密'),
    ).not.toBe(names[0]);
  });
});
