// The acceptor's parsing ahead (src/hub/ahead.ts): groups handed over in order, parsed while the consumer
// waits, never more than `depth` ahead, stopped at a line's fault and when the consumer stops.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Ahead, SLICE } from '../../src/hub/ahead.js';

const groups = (sizes: number[]): string[][] => {
  let n = 0;
  return sizes.map((size) => Array.from({ length: size }, () => String(++n)));
};
async function* from(all: string[][]): AsyncGenerator<string[]> {
  for (const g of all) yield g;
}
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await nextTurn();
};

describe('parsing ahead of the group being stored', () => {
  it('hands over every group in order, parsed, and parses the next while the consumer waits — one group ahead at most', async () => {
    const parsed: string[] = [];
    const ahead = new Ahead(from(groups([3 * SLICE, 3 * SLICE, 5])), (line) => (parsed.push(line), Number(line)));
    const first = await ahead.next();
    expect(first!.items).toEqual(Array.from({ length: 3 * SLICE }, (_, i) => i + 1));
    // While the consumer waits for something else (PostgreSQL), the next group is parsed, a slice a turn…
    await turns(10);
    expect(parsed.length).toBe(6 * SLICE);
    // …and no further: the group after it waits until the consumer takes this one.
    await turns(10);
    expect(parsed.length).toBe(6 * SLICE);
    expect((await ahead.next())!.items.length).toBe(3 * SLICE);
    expect((await ahead.next())!.items).toEqual([
      6 * SLICE + 1,
      6 * SLICE + 2,
      6 * SLICE + 3,
      6 * SLICE + 4,
      6 * SLICE + 5,
    ]);
    expect(await ahead.next()).toBeUndefined();
  });

  it('stops at the first line that does not parse: the lines before it are handed over with its fault, nothing after is parsed', async () => {
    const parsed: string[] = [];
    const fault = new Error('line 7');
    const ahead = new Ahead(from(groups([5, 5, 5])), (line) => {
      if (line === '7') throw fault;
      parsed.push(line);
      return line;
    });
    expect((await ahead.next())!.fault).toBeUndefined();
    const second = await ahead.next();
    expect(second!.items).toEqual(['6']);
    expect(second!.fault).toBe(fault);
    expect(await ahead.next()).toBeUndefined();
    expect(parsed).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it("calls the caller's work once per group parsed, and parses nothing more once stopped", async () => {
    let after = 0;
    const parsed: string[] = [];
    const ahead = new Ahead(
      from(groups([2, 2 * SLICE, 2])),
      (line) => (parsed.push(line), line),
      1,
      () => after++,
    );
    await ahead.next();
    expect(after).toBeGreaterThanOrEqual(1);
    ahead.stop();
    await turns(10);
    expect(parsed.length).toBeLessThanOrEqual(2 + SLICE);
    expect(after).toBe(1);
  });

  it('rethrows what reading the groups threw', async () => {
    async function* failing(): AsyncGenerator<string[]> {
      yield ['1'];
      throw new Error('read failed');
    }
    const ahead = new Ahead(failing(), (line) => line);
    await expect(
      (async () => {
        while (await ahead.next());
      })(),
    ).rejects.toThrow('read failed');
  });
});
