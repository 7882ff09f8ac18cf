// English messages of the commission's hub (PostgreSQL): connecting, init, roles, trust, push, pull,
// acceptance and the --hub read paths.
export const hub = {
  'cli.hub.description':
    "the commission's hub (PostgreSQL): create it, register devices, accept pushes, import bundles",
  'cli.hub.flow':
    "Flow: the office runs ducha hub init on a PostgreSQL database (three roles); registers each laptop with ducha hub trust (its ducha team key); teams ducha push, and ducha hub accept checks and stores each batch (an administrator's push does it at once); ducha pull brings back what other devices added to a laptop's inspections (e.g. the office's closures); offline, ducha hub import takes a bundle. Questions: ducha summary --hub, ducha compare --hub, ducha problem list --hub, ducha report --hub",
  'cli.hub.init': 'create or upgrade the hub in a PostgreSQL database, with its submit, read and admin roles',
  'cli.hub.url': 'PostgreSQL URL, e.g. postgres://user@host/db?sslmode=verify-full&sslrootcert=ca.crt',
  'cli.hub.roles': "prefix of the role names (default: the database's name): PREFIX_admin, PREFIX_submit, PREFIX_read",
  'cli.hub.trust': 'register a laptop: the hub accepts pushes and bundles signed by registered devices only',
  'cli.hub.list': 'list the devices registered on the hub',
  'cli.hub.accept': 'check the batches waiting in the inbox: store those that pass, record why others were refused',
  'cli.hub.import': 'import a bundle a laptop exported into the hub (checked as ducha import checks it)',
  'cli.hub.option': "the hub's URL (default: DUCHA_HUB, or ducha config set hub.url)",
  'cli.hub.readOption': 'read from the hub (a URL, or none for DUCHA_HUB or the hub.url setting)',
  'cli.push.description': 'send the events and evidence this laptop holds and the hub lacks',
  'cli.push.batch': 'events per batch (one transaction each, default 2000)',
  'cli.pull.description':
    "bring back from the hub what other devices added to this laptop's inspections (e.g. closures)",
  'config.key.hubUrl': "the hub's URL (for ducha push, pull and --hub)",
  'hub.badUrl': '"{url}" is not a PostgreSQL URL',
  'hub.badUrl.hint':
    'postgres://user:password@host:port/database, optionally ?sslmode=verify-full&sslrootcert=ca.crt; the password may also come from PGPASSWORD or ~/.pgpass',
  'hub.badSslmode': 'sslmode "{mode}" is not valid: disable, prefer, require, verify-ca or verify-full',
  'hub.connectFailed': 'cannot connect to the hub {url}: {reason}',
  'hub.connectFailed.hint':
    'check the address, port and network; a server that requires TLS needs ?sslmode=verify-full&sslrootcert=CA-FILE',
  'hub.tlsHint':
    "the server's certificate did not verify: name the CA that issued it with sslrootcert=FILE, and check that the URL's host name is the certificate's",
  'hub.authHint':
    "wrong user name or password, or this user may not connect to this database: ask the hub's administrator",
  'hub.noDatabaseHint': 'no such database: the administrator creates it and runs ducha hub init first',
  'hub.lost': 'the connection to the hub {url} was lost: {reason}',
  'hub.lost.hint':
    'committed batches are kept and the unfinished one wrote nothing; run the same command again to continue where it stopped',
  'hub.denied': 'the hub refused this: {reason}',
  'hub.denied.hint':
    "this user's role lacks the privilege: pushing needs _submit, reading _read, init, trust and accept _admin",
  'hub.failed': 'the hub failed: {reason}',
  'hub.noUrl': 'no hub given',
  'hub.noUrl.hint': 'add --hub postgres://…, or set DUCHA_HUB, or ducha config set hub.url postgres://…',
  'hub.notHub': 'this database is not a ducha hub (no ducha schema)',
  'hub.notHub.hint': 'the administrator runs ducha hub init URL first',
  'hub.newer': "the hub's schema version {version} is newer than this ducha",
  'hub.newer.hint': 'upgrade ducha before connecting; nothing was changed',
  'hub.altered': "the hub's schema migration {version} differs from this ducha's (it was altered)",
  'hub.altered.hint': 'nothing was changed. The administrator should check who altered the ducha schema',
  'hub.older': "the hub's schema is older than this ducha and needs upgrading",
  'hub.older.hint': 'the administrator runs ducha hub init URL (it only adds; existing data is untouched)',
  'hub.foreignSchema': 'the database has a schema named {schema} that ducha did not create',
  'hub.foreignSchema.hint': 'use another database for the hub; nothing was changed',
  'hub.badRolePrefix': 'role prefix "{prefix}" is not valid',
  'hub.badRolePrefix.hint':
    'lower-case letters, digits and underscores, starting with a letter or underscore, at most 40 characters, e.g. --roles province',
  'hub.rolePrefixKept': "this hub's role prefix is {prefix}; it cannot become {given}",
  'hub.initDone': 'created the hub in database {database} (schema version {version})',
  'hub.initCurrent':
    'the hub in database {database} is current (schema version {version}); role privileges were applied again',
  'hub.initRoles': 'roles: admin {admin}, submit (laptops) {submit}, read (questions and reports) {read}',
  'hub.initNext':
    "next: a login per person with its role, e.g. CREATE ROLE zhangsan LOGIN PASSWORD '…' IN ROLE {submit}; then ducha hub trust each laptop",
  'hub.badDevice': '"{device}" is not a device id (d and 12 hex digits)',
  'hub.keyElsewhere': 'this key is already registered for device {device} ({name}): one key, one device',
  'hub.trusted': "the hub now accepts {name}'s device {device} (key fingerprint {fingerprint})",
  'hub.batchName': 'pushed batch {id} (device {device})',
  'hub.missingReference': '{where} refers to an inspection, problem or file the hub does not hold ({detail})',
  'hub.missingReference.hint':
    'usually the batch it builds on was refused or not pushed yet: settle that one, then push again',
  'hub.notUnicode':
    'column {column} of {table} holds an unpaired UTF-16 surrogate, which cannot be stored as UTF-8 unchanged',
  'hub.badContent': '{where} cannot be stored ({detail})',
  'hub.accepted':
    '#{id}: stored {events} events of device {device} ({exporter}), {newEvents} new, {newBlobs} new files',
  'hub.refused': '#{id}: refused a submission of device {device}: {reason}',
  'hub.acceptSummary': 'checked {n} batches, refused {refused}',
  'hub.inboxEmpty': 'no batch is waiting in the inbox',
  'hub.progress.push': 'pushing: {sent} / {total} events',
  'hub.notTrusted':
    'the hub has not registered this device {device}: nothing was pushed. Give the office the output of ducha team key, for ducha hub trust',
  'hub.pushed': 'pushed {events} events ({batches} batches), {blobs} files, {mb} MB',
  'hub.pushNothing': 'the hub holds everything this laptop holds: nothing to push',
  'hub.waiting': "{n} batches wait for the hub's acceptance (the office runs ducha hub accept)",
  'hub.refusedBefore': 'the hub refused a batch of this device at {at}: {reason}',
  'hub.pulled': 'brought back from the hub for {inspections} inspections: {events} new events, {blobs} files',
  'hub.pullUnknown': '{n} more inspections are not on the hub yet (never pushed)',
  'hub.pullNothing': 'this laptop holds no inspection: nothing to pull',
  'hub.pullNothing.hint':
    'pull brings back what was added to inspections this laptop holds; for a new inspection, import a bundle (ducha import)',
  'hub.inspectionNotFound': 'the hub holds no inspection {id}',
  'hub.inspectionNotFound.hint': "ducha summary --hub --json lists the hub's inspections",
  'hub.inspectionNeeded': 'reading from the hub needs an inspection id',
  'hub.inspectionNeeded.hint':
    "e.g. ducha report 7k3m9q --kind ledger --hub -o ledger.xlsx; every team's problems: ducha problem list --hub",
  'hub.noProblems': 'no problem on the hub matches',
  'hub.col.inspected': 'inspected unit',
  'hub.redactionSkipped':
    '{n} interviewee names on the hub are a single character or a role word and cannot be redacted reliably; they were left as they are: check the output for them',
  'cli.hub.verify':
    "check the hub: every event's hash recomputed; chains, signed heads and files checked; each inspection's events replayed and every projection row compared; the hub's counts, deadlines and list of names checked",
  'hub.progress.verify': 'checking: {n} events',
  'hub.progress.replay': 'checking: {n} of {total} inspections replayed',
  'hub.verified': 'checked {events} events ({devices} devices) and {blobs} files',
  'hub.verify.hash': 'event {detail} does not match its hash',
  'hub.verify.link': 'event {detail} does not link to the one before it (the chain was altered)',
  'hub.verify.blob': 'file {detail} does not match its hash',
  'hub.verify.projection': 'a projection disagrees with the events: {detail}',
  'hub.verifyClean': 'the hub is intact',
  'hub.verifyDamaged': '{n} problems found',
  'hub.reference.inspections': 'inspection {id}',
  'hub.reference.problems': 'problem {id}',
  'hub.reference.blobs': 'file {id}',
  // Documents made from the hub: what is unsettled is settled on a laptop
  'hub.settleOnLaptop':
    "the hub's data is a read-only copy and cannot be settled here: settle each on a laptop holding the inspection (ducha conflicts resolve …), then ducha push to the hub; or add --draft for a draft marked 征求意见稿 in its title",
  'hub.fixOnLaptop':
    "the hub's data is a read-only copy: do it on a laptop holding the inspection, then ducha push to the hub",
  // Format 2 at the hub (issue 16 and 18): one suite per hub, signed heads checked again by hub verify
  'cli.hub.suite':
    'crypto suite of a hub this command makes: default or gm (SM3/SM2); a hub uses one, and the laptops must use the same',
  'hub.badSuite': 'there is no crypto suite named "{suite}"',
  'hub.badSuite.hint': 'use default or gm (SM3/SM2)',
  'hub.suiteKept': 'this hub was made with the {suite} suite; it cannot change to {given}',
  'hub.suiteKept.hint': 'a hub uses one crypto suite; leave out --suite to upgrade its schema',
  'hub.initSuite': 'crypto suite: {suite}',
  'hub.otherSuite':
    'this database uses the {laptop} suite and the hub the {hub} suite: a hub takes devices of its own suite only',
  'hub.otherSuite.hint':
    "push and pull from a database of the hub's suite (the teams and the hub choose one suite when they are made)",
  'hub.verify.signature': 'the signed head {detail} does not verify with the key trusted for its device',
  'hub.verify.signedHead': 'the signed head {detail} does not match the event stored there',
  // Interviewee names only encrypted on the hub (issue 18)
  'hub.clearName':
    "cannot push: {n} records hold an interviewee's name in clear (the first: record {record} of inspection {inspection}), and the hub takes names only encrypted; nothing was sent",
  'hub.clearName.hint':
    "the event log is append-only and signed, so these names cannot be encrypted afterwards; names recorded after ducha protect are encrypted. This laptop's work can still reach the lead or the commission in an encrypted bundle (ducha export --to RECIPIENT)",
  'hub.clearNameRefused':
    "{where}: event {event} (record {record} of inspection {inspection}) holds an interviewee's name in clear, and the hub keeps names only encrypted; nothing of it was taken",
  'hub.clearNameWarning':
    '{n} interviewee names stored in clear (this laptop is not protected by ducha protect): the hub takes names only encrypted, so this laptop cannot push to the hub any more; run ducha protect before recording names',
  'hub.protectClearNames':
    "{n} records of this database hold an interviewee's name in clear: their events are signed and cannot be rewritten, the hub does not take them, and this laptop cannot push to the hub any more; use an encrypted bundle instead (ducha export --to RECIPIENT)",
  'hub.verifyClearNames':
    "{events} events ({records} records) on the hub hold an interviewee's name in clear (taken by an older version); history is append-only, so they cannot be encrypted",
};
