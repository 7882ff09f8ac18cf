// Migration 13: events written before a database was protected (issue 17). Their hash (and every signature
// and other device's copy) covers the clear payload, so they cannot be re-written with encrypted fields as new
// events are; `ducha protect` stores such a payload encrypted as a whole instead (store/sealed.ts). The column
// says which: NULL, the payload is stored as its hash covers it; else the id (hex) of the data key that sealed
// it, and `payload` holds the JSON string of its ciphertext text (docs/format.md §19).
export const sql = `
ALTER TABLE events ADD COLUMN sealed_key_id TEXT;
`;
