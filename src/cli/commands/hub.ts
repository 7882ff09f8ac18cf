// `ducha hub init|trust|list|accept|import`, `ducha push`, `ducha pull`: the commission's hub on PostgreSQL.
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import { actorOf, withStore } from '../session.js';
import { table } from '../../util/table.js';
import { statusLine } from '../status-line.js';
import { conflictLines, newEventsTable, printTrusted } from '../format/team.js';
import { hubUrl, withHub, type HubOptions } from '../hub-session.js';
import type { Decision } from '../../hub/accept.js';

type Options = GlobalOptions & HubOptions;

function decisionLine(d: Decision): string {
  return d.status === 'accepted'
    ? t('hub.accepted', {
        id: d.submission,
        device: d.device,
        exporter: d.exporter,
        events: d.events,
        newEvents: d.newEvents,
        newBlobs: d.newBlobs,
      })
    : t('hub.refused', { id: d.submission, device: d.device || '—', reason: d.reason ?? '' });
}

export async function hubInit(
  ctx: Context,
  [url]: [string],
  options: GlobalOptions & { roles?: string; suite?: string },
): Promise<number> {
  const { initHub } = await import('../../hub/init.js');
  const { shownUrl } = await import('../../hub/connect.js');
  return withHub(
    String(url),
    async (client) => {
      const r = await initHub(client, { rolePrefix: options.roles, suite: options.suite });
      const { suiteName } = await import('../../crypto/errors.js');
      if (ctx.json) ctx.emit(true, { url: shownUrl(String(url)), ...r });
      else {
        ctx.out(
          r.applied.length
            ? t('hub.initDone', { database: r.database, version: r.version })
            : t('hub.initCurrent', { database: r.database, version: r.version }),
        );
        ctx.out(t('hub.initRoles', { ...r.roles }));
        ctx.out(t('hub.initSuite', { suite: suiteName(r.suite) }));
        ctx.out(ctx.colour.dim(t('hub.initNext', { ...r.roles })));
      }
      return 0;
    },
    { check: false },
  );
}

export async function hubTrust(ctx: Context, [key]: [string], options: Options & { name: string }): Promise<number> {
  const { readKey } = await import('../../team/trust.js');
  const { trustOnHub } = await import('../../hub/devices.js');
  const parsed = readKey(String(key).includes('ducha-key') ? String(key) : resolve(ctx.io.cwd, String(key)));
  return withHub(hubUrl(ctx, options), async (client) => {
    printTrusted(ctx, parsed, options.name, await trustOnHub(client, parsed, options.name), 'hub.trusted');
    return 0;
  });
}

export async function hubList(ctx: Context, _args: [], options: Options): Promise<number> {
  const { hubDevices } = await import('../../hub/devices.js');
  return withHub(hubUrl(ctx, options), async (client) => {
    const devices = await hubDevices(client);
    if (ctx.json) ctx.emit(true, devices);
    else
      ctx.out(
        table(
          [t('team.col.device'), t('team.col.name'), t('team.col.fingerprint'), t('team.col.added')],
          devices.map((d) => [d.device, d.name, d.fingerprint, d.addedAt.slice(0, 10)]),
        ),
      );
    return 0;
  });
}

export async function hubAccept(ctx: Context, _args: [], options: Options): Promise<number> {
  const { drainInbox } = await import('../../hub/inbox.js');
  return withHub(hubUrl(ctx, options), async (client) => {
    const decisions = await drainInbox(client, ctx.json ? undefined : (d) => ctx.out(decisionLine(d)));
    const refused = decisions.filter((d) => d.status === 'refused').length;
    if (ctx.json) ctx.emit(refused === 0, decisions);
    else ctx.out(decisions.length ? t('hub.acceptSummary', { n: decisions.length, refused }) : t('hub.inboxEmpty'));
    return refused ? 1 : 0;
  });
}

export async function hubImport(ctx: Context, [file]: [string], options: Options): Promise<number> {
  const { importBundleToHub, refusedError } = await import('../../hub/inbox.js');
  const path = resolve(ctx.io.cwd, String(file));
  return withHub(hubUrl(ctx, options), async (client) => {
    const d = await importBundleToHub(client, path, actorOf(ctx, options));
    if (d.status === 'refused') throw refusedError(d);
    if (ctx.json) ctx.emit(true, d);
    else {
      ctx.out(decisionLine(d));
      const events = newEventsTable(d.newByType);
      if (events) ctx.out(events);
    }
    return 0;
  });
}

export async function pushCommand(ctx: Context, _args: [], options: Options & { batch?: string }): Promise<number> {
  const { pushToHub } = await import('../../hub/push.js');
  const actor = actorOf(ctx, options);
  const url = hubUrl(ctx, options);
  const line = statusLine(ctx);
  const progress = line && ((sent: number, total: number) => line.show(t('hub.progress.push', { sent, total })));
  return withStore(ctx, options, 'read', async (store) => {
    // The push is signed by this device: a passphrase-protected key is opened first, as for a write.
    await (await import('../key-access.js')).provideKey(ctx, store);
    return withHub(url, async (client) => {
      const r = await pushToHub(store, client, {
        actor,
        onProgress: progress,
        batchEvents: options.batch ? Number(options.batch) : undefined,
      });
      line?.clear();
      const refused = r.decisions.filter((d) => d.status === 'refused');
      if (ctx.json) ctx.emit(r.trusted && refused.length === 0, r);
      else {
        if (!r.trusted) ctx.err(ctx.errColour.yellow(t('hub.notTrusted', { device: r.device })));
        else
          ctx.out(
            r.events
              ? t('hub.pushed', {
                  events: r.events,
                  batches: r.batches,
                  blobs: r.blobs,
                  mb: (r.bytes / 1048576).toFixed(1),
                })
              : t('hub.pushNothing'),
          );
        for (const d of r.decisions) ctx.out(decisionLine(d));
        if (r.waiting) ctx.out(t('hub.waiting', { n: r.waiting }));
        if (r.refused && !r.decisions.length)
          ctx.err(
            ctx.errColour.red(
              t('hub.refusedBefore', { at: r.refused.at.slice(0, 16).replace('T', ' '), reason: r.refused.reason }),
            ),
          );
      }
      return !r.trusted || refused.length ? 1 : 0;
    });
  });
}

export async function pullCommand(ctx: Context, _args: [], options: Options): Promise<number> {
  const { pullFromHub } = await import('../../hub/pull.js');
  const { shownUrl } = await import('../../hub/connect.js');
  const actor = actorOf(ctx, options);
  const url = hubUrl(ctx, options);
  return withStore(ctx, options, 'write', (store) =>
    withHub(url, async (client) => {
      const r = await pullFromHub(store, client, { actor, where: shownUrl(url) });
      if (ctx.json) ctx.emit(true, r);
      else {
        ctx.out(t('hub.pulled', { inspections: r.inspections, events: r.newEvents, blobs: r.newBlobs }));
        const events = newEventsTable(r.newByType);
        if (events) ctx.out(events);
        if (r.unknown) ctx.out(ctx.colour.dim(t('hub.pullUnknown', { n: r.unknown })));
        if (r.unverifiedBlobs) ctx.out(ctx.colour.yellow(t('import.unverifiedBlobs', { n: r.unverifiedBlobs })));
        if (r.newConflicts.length) {
          ctx.out(ctx.colour.red(t('team.newConflicts', { n: r.newConflicts.length })));
          for (const line of conflictLines(ctx, r.newConflicts)) ctx.out(line);
        }
      }
      return 0;
    }),
  );
}

export async function hubVerify(ctx: Context, _args: [], options: Options): Promise<number> {
  const { verifyHub } = await import('../../hub/verify.js');
  return withHub(hubUrl(ctx, options), async (client) => {
    const line = statusLine(ctx);
    const r = await verifyHub(
      client,
      line &&
        ((n, phase, total) =>
          line.show(
            phase === 'events' ? t('hub.progress.verify', { n }) : t('hub.progress.replay', { n, total: total ?? n }),
          )),
    );
    line?.clear();
    // Names in clear an older version let in (issue 18): a warning, not a fault of the chains.
    const clearNames = r.clearNames.events
      ? t('hub.verifyClearNames', { events: r.clearNames.events, records: r.clearNames.records })
      : undefined;
    if (ctx.json)
      ctx.emit(
        r.problems.length === 0,
        r,
        clearNames
          ? [{ file: null, line: null, column: null, code: 'hub-clear-name', severity: 'warning', message: clearNames }]
          : [],
      );
    else {
      ctx.out(t('hub.verified', { events: r.events, devices: r.devices, blobs: r.blobs }));
      if (clearNames) ctx.err(ctx.errColour.yellow(`${t('cli.warningLabel')}${clearNames}`));
      for (const p of r.problems.slice(0, 50)) ctx.out(ctx.colour.red(t(`hub.verify.${p.kind}`, { detail: p.detail })));
      ctx.out(
        r.problems.length
          ? ctx.colour.red(t('hub.verifyDamaged', { n: r.problems.length }))
          : ctx.colour.green(t('hub.verifyClean')),
      );
    }
    return r.problems.length ? 1 : 0;
  });
}
