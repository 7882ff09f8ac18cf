// Which events name an interviewee in clear (issue 18: the hub holds names only encrypted): the rule in
// JavaScript (what the hub's acceptor and `hub verify` apply) and the laptop's scan in SQL (what `push` runs
// before sending) agree, event type by event type, on a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { clearNameRecord, clearNameRecords, isClearName } from '../../src/store/clear-names.js';

const dir = mkdtempSync(join(tmpdir(), 'ducha-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Well-formed ciphertext text: the prefix, then 50 bytes in canonical base64url. */
const CIPHER = 'ducha-enc:1:' + Buffer.alloc(50, 7).toString('base64url');
const R1 = 'r1aaaaaaaaaaaaaaaa';
const R2 = 'r2aaaaaaaaaaaaaaaa';

/** [type, payload, the record whose interviewee it names in clear (or undefined)] */
const CASES: Array<[string, Record<string, unknown>, string | undefined]> = [
  ['record.added', { id: R1, interviewee: '李秘密', note: '谈话' }, R1],
  ['record.added', { id: R1, interviewee: CIPHER, note: '谈话' }, undefined],
  ['record.added', { id: R1, note: '没有谈话对象' }, undefined],
  ['record.added', { id: R1, interviewee: '  ', note: '空白不是姓名' }, undefined],
  ['record.added', { id: R1, interviewee: 'ducha-enc:1:abc', note: '不成形的密文按明文算' }, R1],
  ['record.added', { id: R1, subject: '"interviewee":"x"', note: '引号在文字中被转义' }, undefined],
  ['record.amended', { id: R2, fields: { interviewee: '王秘密' }, reason: '更正' }, R2],
  ['record.amended', { id: R2, fields: { interviewee: CIPHER }, reason: '更正' }, undefined],
  ['record.amended', { id: R2, fields: { note: '李秘密说' }, reason: '补充' }, undefined],
  ['register.resolved', { entity: `record/abc123/${R2}/interviewee`, value: '赵秘密' }, R2],
  ['register.resolved', { entity: `record/abc123/${R2}/interviewee`, value: CIPHER }, undefined],
  ['register.resolved', { entity: `record/abc123/${R2}/note`, value: '赵秘密说' }, undefined],
  ['conclusion.set', { note: '李秘密', reason: '理由' }, undefined],
];

describe('names in clear', () => {
  it('isClearName: text that is not well-formed ciphertext and not blank', () => {
    expect([isClearName('李秘密'), isClearName(CIPHER), isClearName(''), isClearName(null)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('the JavaScript rule and the SQL scan agree, and the scan keeps only what is sent', () => {
    for (const [type, payload, record] of CASES) expect(clearNameRecord(type, payload), type).toBe(record);
    const store = openStore(join(dir, 'names.db'), { create: true });
    try {
      const insert = store.db.prepare(
        `INSERT INTO events (id, device, seq, at, actor, type, payload, prev_hash, hash, inspection_id)
         VALUES (?, ?, ?, '2026-12-01T00:00:00.000Z', '测试', ?, ?, '', ?, 'abc123')`,
      );
      CASES.forEach(([type, payload], k) =>
        insert.run(`e${k}`, k % 2 ? 'devodd' : 'deveven', k + 1, type, JSON.stringify(payload), `h${k}`),
      );
      const named = CASES.filter(([, , record]) => record !== undefined);
      const all = clearNameRecords(store);
      expect(all.events).toBe(named.length);
      expect(all.records).toBe(new Set(named.map(([, , r]) => r)).size);
      expect(all.first).toMatchObject({ device: 'deveven', seq: 1, record: R1, inspection: 'abc123' });
      const odd = clearNameRecords(store, 0, (device) => device === 'devodd');
      expect(odd.events).toBe(CASES.filter(([, , r], k) => r !== undefined && k % 2 === 1).length);
      expect(clearNameRecords(store, CASES.length + 1).events).toBe(0);
    } finally {
      store.close();
    }
  });
});
