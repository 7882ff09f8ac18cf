// How much the JavaScript heap may grow while a push runs. V8 lets its old generation grow to up to four times
// what survived its last full collection before collecting again, and a push allocates fast (each event read,
// turned into its line, parsed and sent as parameters): measured on 257,408 events (BENCHMARKS.md), about 26 MB
// were live and the old generation reached 110 MB of a 230 MB peak. A fixed growth (V8's --heap-growing-percent,
// listed by `node --v8-options`, which V8 reads at every full collection) keeps the heap near what the push holds,
// for a few more collections. It is set for the push only, and left alone when the user set it.
import v8 from 'node:v8';

/** The old generation grows by this much over what survived before it is collected again. */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = 'heap-growing-percent';

/** Whether the user chose the growth on Node's command line or in NODE_OPTIONS. */
const chosen = () =>
  [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.replace(/_/g, '-').includes(FLAG));

/** Run `work` with the heap's growth fixed, then give V8 back its own heuristic. */
export async function withSmallHeap<T>(work: () => Promise<T>): Promise<T> {
  if (chosen()) return work();
  v8.setFlagsFromString(`--${FLAG}=${HEAP_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    v8.setFlagsFromString(`--${FLAG}=0`);
  }
}
