// The combined 检查方法 cell: 「听取……汇报；查阅……；与……个别谈话」 or 「听：…… 查：……」 split into the guidance for
// 听、查、谈、访 by explicit labels first, then by the verbs inspectors use for each method.
import type { Method } from '../schema.js';

export interface SplitMethods {
  methods: Partial<Record<Method, string>>;
  /** Parts that name no method (no label, no known verb) and follow none: reported, never guessed. */
  unplaced: string[];
}

const LABEL = /^(?:【|\[)?(听取汇报|查阅资料|个别谈话|走访察看|听|查|谈|访)(?:】|\])?[:：]\s*/;
const LABELS: Record<string, Method> = {
  听取汇报: 'listen',
  听: 'listen',
  查阅资料: 'check',
  查: 'check',
  个别谈话: 'talk',
  谈: 'talk',
  走访察看: 'visit',
  访: 'visit',
};

// Verbs and nouns that say which method a sentence describes (DOMAIN §5); the earliest one in a part decides.
const VERBS: Array<[RegExp, Method]> = [
  [/听取|汇报|述职/, 'listen'],
  [/查阅|调阅|查看|翻阅|审阅|抽查|核查|核对|检查.{0,4}(?:资料|台账|档案|记录|文件|卷宗)|测试|考试/, 'check'],
  [/谈话|座谈|访谈|询问|问卷|测评/, 'talk'],
  [/走访|实地|暗访|察看|现场|明察/, 'visit'],
];

/** Parts: lines, sentences ending in 。；, and numbered parts (1. ① （1）) after a space or a comma. */
function parts(text: string): string[] {
  return text
    .split(/\r?\n|(?<=[。；;])|(?<=[\s，,])(?=\d{1,2}[.．、](?!\d)|[①-⑩]|[（(]\d{1,2}[)）])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A part naming several methods in a row (「查阅会议记录、与干部个别谈话」) is cut where the method changes. */
function pieces(part: string): Array<{ text: string; method?: Method }> {
  const out: Array<{ text: string; method?: Method }> = [];
  const bits = part.split(/([、，,])/);
  for (let i = 0; i < bits.length; i += 2) {
    const text = bits[i]!;
    const method = methodOf(text);
    const last = out[out.length - 1];
    if (last && (method === undefined || last.method === undefined || method === last.method)) {
      last.text += (bits[i - 1] ?? '') + text;
      last.method ??= method;
    } else out.push({ text, method });
  }
  return out;
}

function methodOf(part: string): Method | undefined {
  let best: { at: number; method: Method } | undefined;
  for (const [pattern, method] of VERBS) {
    const m = pattern.exec(part);
    if (m && (best === undefined || m.index < best.at)) best = { at: m.index, method };
  }
  return best?.method;
}

export function splitMethods(text: string): SplitMethods {
  const methods: Partial<Record<Method, string>> = {};
  const unplaced: string[] = [];
  let current: Method | undefined;
  const add = (method: Method, raw: string) => {
    const text = raw.replace(/[；;，,、\s]+$/, '');
    if (!text) return;
    const before = methods[method];
    methods[method] = before ? `${before}${/[。；;]$/.test(before) ? '' : '；'}${text}` : text;
  };
  for (const raw of parts(text)) {
    let part = raw.replace(/^(?:\d{1,2}[.．、]|[①-⑩]|[（(]\d{1,2}[)）])\s*/, '');
    const label = LABEL.exec(part);
    if (label) {
      current = LABELS[label[1]!]!;
      part = part.slice(label[0].length).trim();
      if (part) add(current, part);
      continue;
    }
    for (const piece of pieces(part)) {
      current = piece.method ?? current;
      const text = piece.text.trim();
      if (!text) continue;
      if (current === undefined) unplaced.push(text);
      else add(current, text);
    }
  }
  return { methods, unplaced };
}
