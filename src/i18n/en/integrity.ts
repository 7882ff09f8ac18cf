// English messages of format 2 (issue 16): signed heads, the schema a database may hold, payload checks on
// import, the crypto suite of a database, verify --against.
export const integrity = {
  'integrity.keyLocked': "this device's private key is protected by a passphrase and not unlocked: cannot sign",
  'integrity.keyLocked.hint': 'unlock it first, then write again; nothing was changed',
  'integrity.schemaRefused':
    "database {file} holds objects that ducha's migrations do not make; refused to open it: {objects}",
  'integrity.schemaRefused.hint':
    'such objects (triggers, views, altered tables) may have been added with a tool such as sqlite3 and would run arbitrary SQL when ducha writes. The file was not changed. See them with ducha verify --db {file}, have them checked and removed, or restore a backup',
  'integrity.schema.extra': 'unexpected {type} {name} (on {table})',
  'integrity.schema.missing': 'missing {type} {name} (on {table})',
  'integrity.schema.altered': 'altered {type} {name} (on {table})',
  'integrity.type.table': 'table',
  'integrity.type.index': 'index',
  'integrity.type.trigger': 'trigger',
  'integrity.type.view': 'view',
  'verify.check.schema': 'schema',
  'verify.check.signature': 'signature',
  'verify.check.against': 'against',
  'integrity.verify.badSignature':
    'the signed head of device {device} at event {seq} does not verify with the key trusted for that device: the signature or the key was altered',
  'integrity.verify.ownUnsigned':
    '{n} events of this device {device} from event {first} on carry no signature of this device: ducha did not write them (added or changed with another tool)',
  'integrity.verify.foreignUnsigned':
    "{n} format-2 events of device {device} from event {first} on are covered by no signed head of that device: they did not come in through import's checks",
  'integrity.verify.headGone':
    'event {seq} of device {device}, which that device signed, is no longer in its chain as signed: the history was cut or rewritten after signing',
  'integrity.verify.ownLink':
    'this device {device} holds only a link (digest) for its own event {seq}, not the event: its own chain must be complete',
  'integrity.unknownFormat': '{file} is a bundle of a newer ducha ({format}); this one cannot read it',
  'integrity.unknownFormat.hint': 'upgrade ducha, then import it; nothing was imported',
  'integrity.wrongSuite': 'bundle {file} uses the {bundle}, this database the {database}: a team uses one crypto suite',
  'integrity.wrongSuite.hint':
    'nothing was imported. The suite is chosen when a database is made (ducha inspection new --suite gm, or ducha config set suite gm) and cannot change; agree with the team lead which one the team uses',
  'integrity.keyElsewhere':
    "the bundle's signing key is already trusted as device {other}'s key; it cannot also be device {device}'s",
  'integrity.shape.missing': 'is missing',
  'integrity.shape.unknown': 'is not a member of this format',
  'integrity.shape.type': 'should be a {expected}',
  'integrity.shape.value': 'must be one of {expected}',
  'integrity.shape.pattern': 'has the wrong form',
  'integrity.shape.range': 'is out of range',
  'integrity.malformed': 'bundle {file} is malformed: line {n}{what}: {path} {problem}',
  'integrity.malformed.hint':
    'nothing was imported; this database is intact. The bundle was not written by ducha, or was altered after; ask its exporter to export again',
  'integrity.eventWhere': ' (event {seq} of device {device}, {type})',
  'integrity.linkWhere': ' (link)',
  'integrity.badLink': 'link {n} of bundle {file} is malformed',
  'integrity.badReference': 'bundle {file} is malformed: {what}: {path} {why}',
  'integrity.reference.inspection': 'names inspection {inspection}, which neither this database nor the bundle holds',
  'integrity.reference.checklist': 'names checklist {checklist}, which inspection {inspection} did not adopt',
  'integrity.reference.item': 'names item {item}, which checklist {checklist} of inspection {inspection} does not have',
  'integrity.reference.snapshot':
    'names checklist snapshot {sha}…, which is not here or not one the inspection adopted',
  'integrity.reference.snapshotMismatch': 'says checklist {checklist} {version}, but the snapshot holds {found}',
  'integrity.reference.record': 'names record {record}, which inspection {inspection} does not have',
  'integrity.reference.recordTaken': 'adds record {record}, an id another record already has (record ids are unique)',
  'integrity.reference.problem': 'names problem {problem}, which inspection {inspection} does not have',
  'integrity.reference.blob': 'names file {sha}… ({size} bytes), which is neither here nor in the bundle',
  'integrity.reference.selfClose':
    'closes problem {problem} on the same device {device} that asked for the closure, without a recorded, reasoned override',
  'integrity.headsMismatch':
    "bundle {file}'s manifest says device {device}'s newest event is {seq}, which the events it carries do not bear out",
  'integrity.headsMissing': "bundle {file}'s manifest does not list device {device}'s newest event",
  'integrity.untrustedHead.hint':
    "nothing was imported. Every device's events in a bundle must be signed by that device's own key. Check and trust that device's key first (ducha team trust), or import that device's own bundle first (with --trust)",
  'integrity.badHead':
    "the signature of device {device} at event {seq} in bundle {file} does not verify with that device's trusted key: the bundle is forged or altered",
  'integrity.headNotHere':
    'event {seq} of device {device}, signed in bundle {file}, matches nothing the bundle or this database holds',
  'integrity.uncovered':
    'event {seq} of device {device} in bundle {file} is covered by no signed head of that device (a device {owner}): nothing shows it came from that device',
  'integrity.uncoveredGap':
    'event {seq} of device {device} in bundle {file} cannot be checked: its chain up to the signed head (event {head}) lacks event {gap}',
  'integrity.uncovered.hint':
    "nothing was imported. Events relayed by someone else must chain up to a head their own device signed; format-1 history can only come in that device's own bundle. Import that device's own bundle",
  'integrity.owner.trusted': 'trusted here',
  'integrity.owner.untrusted': 'not trusted here',
  'integrity.badDeviceId': 'device id "{device}" has the wrong form (d and 12 hex digits, e.g. d0123456789ab)',
  'integrity.keyOtherSuite':
    "device {device}'s key belongs to the {key}, this database uses the {database}: a team uses one crypto suite",
  'integrity.keyElsewhereTrust':
    "this key is already trusted as device {other}'s; it cannot also be trusted as device {device}'s: one key, one device",
  'config.key.suite':
    'the crypto suite of databases made from now on: default (SHA-256, Ed25519) or gm (SM3, SM2); used only when a database is made',
  'config.badSuite': '"{value}" is not a crypto suite: default or gm',
  'integrity.suiteFixed':
    'database {file} uses the {suite}; the suite is chosen when a database is made and cannot change',
  'integrity.suiteFixed.hint': 'leave out --suite, or name a new database file with --db',
  'integrity.badSuiteOption': '"{value}" is not a crypto suite: default or gm',
  'cli.option.suite': 'crypto suite of a database this command makes: default or gm (SM3/SM2)',
  'integrity.selfCloseDevice':
    "the closure of problem {id} was requested on this device ({device}); the closure must be signed by another member's device key",
  'integrity.untrustedHead':
    'bundle {file} carries a signed head of device {device} at event {seq}, a device this database does not trust',
  'integrity.against.missing': 'event {seq} of device {device} is in {file} but not in this database: deleted or cut',
  'integrity.against.differs':
    'event {seq} of device {device} differs from the one in {file}: rewritten after it was sent or imported',
  'integrity.against.headDiffers':
    "the head device {device} signed at event {seq} ({file}) does not match this database's chain: rewritten after signing",
  'integrity.against.otherSuite': '{file} uses the other crypto suite: nothing to compare',
  'integrity.against.untrusted':
    'bundle {file} is signed by device {device}, which this database does not trust: it proves nothing here',
  'integrity.against.untrusted.hint': 'use a bundle that device exported itself, or check and trust its key first',
  'integrity.against.ok': '✔ agrees with {file}: {events} events, {heads} signed heads',
  'cli.verify.against':
    'compare with a bundle or another database: is the history that was sent or received still here as it was',
  'integrity.selfCloseOpinion': 'closed by the requester (same device or name); reason: {reason}',
};
