// `ducha hub init`: the hub's schema in a PostgreSQL database (migrations applied in one transaction,
// refusing a newer or altered schema) and its three roles, with the grants that make them least-privileged.
// Every other hub command checks the schema with `checkHub` before it reads or writes.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { isSuiteId, type SuiteId } from '../crypto/types.js';
import { suiteName } from '../crypto/errors.js';
import type { HubClient } from './connect.js';
import { HUB_MIGRATIONS, HUB_SCHEMA, type HubMigration } from './migrations/index.js';

export interface HubRoles {
  /** Owns the schema: trusts devices, accepts pushed batches, imports bundles, runs migrations. */
  admin: string;
  /** Laptops: put batches in the inbox, ask what the hub holds, pull the inspections they prove they hold. */
  submit: string;
  /** The commission's readers and reporting tools: the projections and the views. */
  read: string;
}

export const rolesFor = (prefix: string): HubRoles => ({
  admin: `${prefix}_admin`,
  submit: `${prefix}_submit`,
  read: `${prefix}_read`,
});

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables and views the read role may select (everything but the raw events, blobs and the inbox). */
const READ_TABLES = [
  'inspections',
  'inspection_checklists',
  'rechecks',
  'records',
  'record_evidence',
  'item_stats',
  'registers',
  'superseded',
  'conclusion_heads',
  'problems',
  'rectification_steps',
  'step_evidence',
  'snapshot_cache',
  'interviewees',
  'checklist_items',
  'item_totals',
  'submissions',
  'devices',
  'hub_meta',
  'schema_migrations',
  'decision_events',
  'sealed_imports',
  'interviewee_names',
  'progress_by_team',
  'problems_by_article',
  'closure_rate',
  'overdue_by_unit',
];
const SUBMIT_FUNCTIONS = [
  'submit_heads(text[])',
  'submit_trusted(text, text)',
  'submit_hashes(text, bigint[])',
  'submit_missing(text, bigint[])',
  'submit_missing_blobs(text[])',
  'submit_status(text, bigint)',
  'submit_waiting(text)',
  'submit_suite()',
  'pull_heads(text[], bigint[])',
  'pull_devices(text[])',
  'pull_links(text, bigint, bigint)',
  'pull_proven(text[], text[])',
  'pull_keys(text[], text[])',
  'pull_events(text[], text[], text[], bigint[])',
  'pull_blob_sizes(text[], text[])',
  'pull_blob(text[], text[], text)',
  'submit_wanted_blobs(text[], boolean[])',
  'pull_blob_entries(text[], text[])',
];

export interface InitResult {
  database: string;
  roles: HubRoles;
  applied: number[];
  version: number;
  /** The hub's crypto suite: every device it trusts, batch and bundle it accepts is of this suite. */
  suite: SuiteId;
}

/** Create or upgrade the hub in the connected database; the connecting user needs CREATEROLE and the database's ownership (or to be a superuser). */
export async function initHub(
  client: HubClient,
  options: { rolePrefix?: string; suite?: string } = {},
): Promise<InitResult> {
  if (options.suite !== undefined && !isSuiteId(options.suite))
    throw new InputError(t('hub.badSuite', { suite: options.suite }), { hint: t('hub.badSuite.hint') });
  if (options.suite === 'gm') await (await import('../crypto/index.js')).loadSuite('gm'); // refuses a Node without SM3/SM4 before anything is made
  const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
  await client.query('BEGIN');
  try {
    // One init at a time per database: two racing would both see an empty schema.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('ducha-hub-init'))");
    const exists = (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [HUB_SCHEMA])).rowCount! > 0;
    const stored = exists ? await storedPrefix(client) : undefined;
    const prefix = stored ?? options.rolePrefix ?? defaultPrefix(database);
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix))
      throw new InputError(t('hub.badRolePrefix', { prefix }), { hint: t('hub.badRolePrefix.hint') });
    if (stored && options.rolePrefix && options.rolePrefix !== stored)
      throw new InputError(t('hub.rolePrefixKept', { prefix: stored, given: options.rolePrefix }));
    const roles = rolesFor(prefix);
    for (const role of Object.values(roles)) {
      const found = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
      if (!found) await client.query(`CREATE ROLE ${ident(role)} NOLOGIN`);
    }
    await client.query(`GRANT ${ident(roles.admin)} TO CURRENT_USER`);
    if (!exists) await client.query(`CREATE SCHEMA ${HUB_SCHEMA} AUTHORIZATION ${ident(roles.admin)}`);
    await client.query(`SET LOCAL ROLE ${ident(roles.admin)}`);
    await client.query(`SET LOCAL search_path TO ${HUB_SCHEMA}`);
    const applied = await migrate(client, exists);
    if (!stored)
      await client.query(
        "INSERT INTO hub_meta (key, value) VALUES ('roles', $1), ('created_at', now()::text), ('suite', $2)",
        [prefix, options.suite ?? 'default'],
      );
    const suite = (await client.query<{ value: string }>("SELECT value FROM hub_meta WHERE key = 'suite'")).rows[0]
      ?.value as SuiteId;
    if (stored && options.suite && options.suite !== suite)
      throw new InputError(
        t('hub.suiteKept', { suite: suiteName(suite), given: suiteName(options.suite as SuiteId) }),
        { hint: t('hub.suiteKept.hint') },
      );
    await client.query('RESET ROLE');
    await grant(client, database, roles);
    await client.query('COMMIT');
    return { database, roles, applied, version: HUB_MIGRATIONS.at(-1)!.version, suite };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function defaultPrefix(database: string): string {
  const clean = database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z_]/, '_$&')
    .slice(0, 40);
  return clean || 'ducha_hub';
}

async function storedPrefix(client: HubClient): Promise<string | undefined> {
  const table =
    (await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'hub_meta'", [HUB_SCHEMA]))
      .rowCount! > 0;
  if (!table) return undefined;
  return (await client.query<{ value: string }>(`SELECT value FROM ${HUB_SCHEMA}.hub_meta WHERE key = 'roles'`)).rows[0]
    ?.value;
}

async function migrate(client: HubClient, exists: boolean): Promise<number[]> {
  const table =
    exists &&
    (
      await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'schema_migrations'", [
        HUB_SCHEMA,
      ])
    ).rowCount! > 0;
  if (exists && !table) {
    const other =
      (
        await client.query(
          'SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 LIMIT 1',
          [HUB_SCHEMA],
        )
      ).rowCount! > 0;
    if (other)
      throw new InputError(t('hub.foreignSchema', { schema: HUB_SCHEMA }), { hint: t('hub.foreignSchema.hint') });
  }
  if (!table)
    await client.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  const rows = (
    await client.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations ORDER BY version',
    )
  ).rows;
  checkApplied(rows);
  const done = new Set(rows.map((r) => r.version));
  const applied: number[] = [];
  for (const m of HUB_MIGRATIONS) {
    if (done.has(m.version)) continue;
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      m.checksum,
    ]);
    applied.push(m.version);
  }
  return applied;
}

function checkApplied(
  rows: Array<{ version: number; checksum: string }>,
  migrations: readonly HubMigration[] = HUB_MIGRATIONS,
): void {
  const newest = migrations.at(-1)!.version;
  for (const row of rows) {
    if (row.version > newest)
      throw new InputError(t('hub.newer', { version: row.version }), { hint: t('hub.newer.hint') });
    const known = migrations.find((m) => m.version === row.version);
    if (!known || known.checksum !== row.checksum)
      throw new InputError(t('hub.altered', { version: row.version }), { hint: t('hub.altered.hint') });
  }
}

async function grant(client: HubClient, database: string, roles: HubRoles): Promise<void> {
  const { admin, submit, read } = { admin: ident(roles.admin), submit: ident(roles.submit), read: ident(roles.read) };
  const s = HUB_SCHEMA;
  await client.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
  await client.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${admin}, ${submit}, ${read}`);
  await client.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
  await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${submit}, ${read}`);
  await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM PUBLIC, ${submit}, ${read}`);
  await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM PUBLIC, ${submit}, ${read}`);
  await client.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${s} FROM PUBLIC, ${submit}, ${read}`);
  await client.query(`GRANT INSERT ON ${s}.inbox_batches, ${s}.inbox_events, ${s}.inbox_blobs TO ${submit}`);
  await client.query(`GRANT SELECT ON ${s}.schema_migrations TO ${submit}`);
  await client.query(`GRANT EXECUTE ON FUNCTION ${SUBMIT_FUNCTIONS.map((f) => `${s}.${f}`).join(', ')} TO ${submit}`);
  await client.query(`GRANT SELECT ON ${READ_TABLES.map((x) => `${s}.${x}`).join(', ')} TO ${read}`);
  await client.query(`GRANT EXECUTE ON FUNCTION ${s}.problem_field(text, text, text) TO ${read}`);
}

/** The hub's crypto suite, as hub init recorded it. */
export async function hubSuite(client: HubClient): Promise<SuiteId> {
  const value = (await client.query<{ s: string }>('SELECT submit_suite() AS s')).rows[0]!.s;
  return value === 'gm' ? 'gm' : 'default';
}

/** A laptop of the other suite is refused before it sends or takes anything: one suite per hub. */
export async function checkSuite(client: HubClient, laptop: SuiteId): Promise<void> {
  const suite = await hubSuite(client);
  if (suite !== laptop)
    throw new InputError(t('hub.otherSuite', { laptop: suiteName(laptop), hub: suiteName(suite) }), {
      hint: t('hub.otherSuite.hint'),
      code: 'bundle-suite',
    });
}

/** Before any other hub command: the schema is there, not newer than this ducha, and not altered. */
export async function checkHub(client: HubClient): Promise<void> {
  let rows: Array<{ version: number; checksum: string }>;
  try {
    rows = (
      await client.query<{ version: number; checksum: string }>(
        `SELECT version, checksum FROM ${HUB_SCHEMA}.schema_migrations ORDER BY version`,
      )
    ).rows;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000')
      throw new InputError(t('hub.notHub'), { hint: t('hub.notHub.hint'), code: 'hub-missing' });
    throw error;
  }
  checkApplied(rows);
  if (rows.length < HUB_MIGRATIONS.length)
    throw new InputError(t('hub.older'), { hint: t('hub.older.hint'), code: 'hub-older' });
  await client.query(`SET search_path TO ${HUB_SCHEMA}`);
}
