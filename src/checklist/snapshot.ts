// A stored checklist snapshot parsed without linting: the store owns snapshots (store/snapshots.ts); this
// name stays for hub/project.ts, which imports it from here.
export { parseSnapshot } from '../store/snapshots.js';
