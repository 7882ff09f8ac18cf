// Output handed out in pieces: a million lint problems are written without building one huge string.
/** Lines joined with newlines (each line ends with one), handed out about 64 KB at a time. */
export function* chunked(lines: Iterable<string>, size = 1 << 16): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const line of lines) {
    buffer.push(line);
    length += line.length + 1;
    if (length >= size) {
      yield buffer.join('\n') + '\n';
      buffer = [];
      length = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('\n') + '\n';
}
