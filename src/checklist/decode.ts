// Turns a checklist file's bytes into text: strips a UTF-8 BOM and recognises UTF-16 and GBK/GB18030 files,
// which Chinese Windows editors still produce, with a message saying how to convert them.
import { isUtf8 } from 'node:buffer';
import { t } from '../i18n/index.js';

export type Decoded = { text: string } | { error: { line: number; column: number; message: string } };

export function decodeChecklist(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: { line: 1, column: 1, message: t('lint.encoding.utf16') } };
  }
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  const offset = firstInvalidUtf8(bytes);
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  const lines = before.split('\n');
  const position = { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  const message = looksLikeGbk(bytes) ? t('lint.encoding.gbk') : t('lint.encoding.other');
  return { error: { ...position, message } };
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}

/** GB18030 decodes it without replacement characters and it holds CJK ideographs. */
function looksLikeGbk(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return /[\u4e00-\u9fff]/.test(text);
  } catch {
    return false;
  }
}
