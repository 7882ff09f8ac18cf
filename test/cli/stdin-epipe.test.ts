// The test helpers that spawn ducha give a child its input and may find it already gone: `--version` answers
// without reading stdin, so a megabyte of input cannot all be written. That EPIPE is no failure of the test
// (it was one flake under load); without the helpers' handler it surfaces as an unhandled error.
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run.js';
import { runGuarded } from '../helpers/guarded.js';

const MEGABYTE = 'x'.repeat(1 << 20);

describe('a child that exits before reading its input', () => {
  it('runBin returns its result', async () => {
    const r = await runBin(['--version'], { input: MEGABYTE });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('runGuarded returns its result', async () => {
    const r = await runGuarded(['--version'], { input: MEGABYTE });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
