// Paths as terminals paste them when files are dragged onto them.
import { describe, expect, it } from 'vitest';
import { droppedPaths, splitDropped } from '../../src/inspect/dropped-paths.js';

describe('splitDropped', () => {
  it.each([
    ['/home/x/My\\ Photos/a\\ b.jpg', ['/home/x/My Photos/a b.jpg']],
    ["'/home/x/My Photos/a b.jpg'", ['/home/x/My Photos/a b.jpg']],
    ['"/home/x/My Photos/a b.jpg"', ['/home/x/My Photos/a b.jpg']],
    ['  /tmp/a.jpg  ', ['/tmp/a.jpg']],
    ['/tmp/a\\ b.jpg /tmp/c.pdf', ['/tmp/a b.jpg', '/tmp/c.pdf']],
    ["'/tmp/it'\\''s.jpg'", ["/tmp/it's.jpg"]],
    ['file:///home/x/My%20Photos/%E7%99%BB%E8%AE%B0.jpg', ['/home/x/My Photos/登记.jpg']],
    ["'file:///tmp/a%20b.jpg' /tmp/c\\(1\\).png", ['/tmp/a b.jpg', '/tmp/c(1).png']],
    ['"C:\\Users\\x\\My Photos\\a.jpg"', ['C:\\Users\\x\\My Photos\\a.jpg']],
    ['', []],
  ])('%s', (text, paths) => {
    expect(splitDropped(text)).toEqual(paths);
  });
});

describe('droppedPaths', () => {
  it('takes the text as it stands when that names a file, even with spaces or a backslash', () => {
    const files = new Set(['My Photos/a b.jpg', 'odd\\name.jpg']);
    const isFile = (p: string) => files.has(p);
    expect(droppedPaths('My Photos/a b.jpg', isFile)).toEqual(['My Photos/a b.jpg']);
    expect(droppedPaths('odd\\name.jpg', isFile)).toEqual(['odd\\name.jpg']);
    expect(droppedPaths('My\\ Photos/a\\ b.jpg', isFile)).toEqual(['My Photos/a b.jpg']);
    expect(droppedPaths('   ', isFile)).toEqual([]);
  });
});
