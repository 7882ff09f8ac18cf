// What a terminal types when files are dragged onto it, read back as paths: backslash-escaped spaces
// (/home/x/My\ Photos/a\ b.jpg), quoted paths ('…' or "…"), file:// URLs, several separated by spaces.
import { fileURLToPath } from 'node:url';

/** A Windows path keeps its backslashes: C:\Users\x\a.jpg, \\server\share\a.jpg. */
const WINDOWS = /^["']?([A-Za-z]:\\|\\\\)/;

/** Split the way a shell would (quotes group, a backslash escapes the next character), keeping Windows paths whole. */
export function splitDropped(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const escapes = !WINDOWS.test(trimmed);
  const out: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && escapes && i + 1 < trimmed.length && '"\\$`'.includes(trimmed[i + 1]!))
        current += trimmed[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && escapes && i + 1 < trimmed.length) {
      current += trimmed[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out.map(fromUrl);
}

function fromUrl(path: string): string {
  if (!/^file:\/\//i.test(path)) return path;
  try {
    return fileURLToPath(path);
  } catch {
    return path;
  }
}

/**
 * The files a typed or dropped answer names: the text as it stands when that is a file (a name may contain
 * spaces or a backslash), else each path the terminal pasted.
 */
export function droppedPaths(text: string, isFile: (path: string) => boolean): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (isFile(trimmed)) return [trimmed];
  return splitDropped(trimmed);
}
