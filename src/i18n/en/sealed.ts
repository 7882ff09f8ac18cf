// Encrypted bundles (export --to, import of an encrypted bundle, encryption keys): the English messages.
export const sealed = {
  'cli.export.to':
    "encrypt to these devices (one or more): a trusted device's name or id such as the lead's, a line printed by ducha team key, or a file holding one",
  'sealed.badHeader': 'the encryption header of {file} is malformed: the file is damaged or was not made by ducha',
  'sealed.cannotRead': '{file} is an encrypted bundle and cannot be read here',
  'sealed.cannotRead.hint':
    "an encrypted bundle can be imported only by one of its recipients, with ducha import (the hub holds no device's private key); ask the exporter for a copy without --to for the hub, or import it on the recipient's laptop and push from there",
  'sealed.notForYou':
    'bundle {file} is encrypted and can be imported only by these devices: {recipients}; this device ({device}) is not one of them. Nothing was written',
  'sealed.notForYou.hint':
    'ask the exporter to export again with this device in --to (give them the line ducha team key prints here; once they ducha team trust it they can name this device)',
  'sealed.recipientNamed': '{name} ({device})',
  'sealed.envelopeMismatch':
    'the exporting device named on the encryption envelope of {file} is not the device that signed the bundle inside: the bundle was altered',
  'sealed.badBinding': "the encryption key of device {device} is not signed by that device's signing key",
  'sealed.badBinding.hint':
    'the line may have been altered or spliced; ask its owner to run ducha team key again and check the fingerprint in person or by phone',
  'sealed.ambiguous': '"{arg}" names several trusted devices: {devices}',
  'sealed.ambiguous.hint': 'use the device id instead (see ducha team list)',
  'sealed.noEncryptionKey': 'the encryption key of {who} is not known yet',
  'sealed.noEncryptionKey.hint':
    'ask {who} to run ducha team key and give you the line; then run ducha team trust <line or file> --name {who} (a device trusted already gets its encryption key recorded); or give the line itself after --to',
  'sealed.unknownRecipient': '"{arg}" is neither the name or id of a trusted device nor a key line or file',
  'sealed.unknownRecipient.hint':
    'ducha team list shows the trusted devices; a line printed by ducha team key, or a file holding one, also works',
  'sealed.lineWithoutKey': 'the key line of device {arg} has no encryption key',
  'sealed.lineWithoutKey.hint':
    'ask its owner to run ducha team key with this version and give you the new line (it includes the encryption key)',
  'sealed.unencrypted':
    "note: the bundle is not encrypted: whoever gets the file can read its interview notes, interviewees' names and evidence. To encrypt: ducha export … --to LEAD (only the lead's device can import it)",
  'sealed.exportedTo': 'encrypted to: {recipients} (only these devices can import it)',
  'sealed.recipientLine': '{name} (device {device}, fingerprint {fingerprint})',
  'sealed.unnamed': 'unnamed device',
  'sealed.separator': ', ',
  'team.col.encryption': 'encryption key',
  'sealed.tampered':
    'bundle {file} cannot be decrypted: it is damaged or was altered (every chunk of an encrypted bundle is authenticated). Nothing was written',
  'sealed.notForYouFresh':
    'bundle {file} is encrypted and can be imported only by these devices: {recipients}; this computer has no ducha database yet, so it is not one of them. Nothing was written',
  // Issue 17: data keys in encrypted bundles
  'cli.export.unencrypted':
    'export a protected database without --to anyway: its encrypted fields and encrypted evidence files stay ciphertext, but what was written (or added) before protect is in clear',
  'sealed.protectedNeedsTo':
    'this database is protected by a passphrase: its bundles should be encrypted to their recipients (--to); no file was made',
  'sealed.protectedNeedsTo.hint':
    'export with --to LEAD (the data key travels inside, to the recipients only); to export unencrypted anyway add --unencrypted: the encrypted fields and evidence files stay ciphertext nobody without the data key reads, what was written (or added) before protect is in clear',
  'sealed.importNeedsProtect':
    'the bundle {file} carries the data keys of its encrypted texts, and this database is not protected by a passphrase to keep them safely; nothing was written',
  'sealed.importNeedsProtect.hint': 'run ducha protect to set a passphrase, then import again',
} as const;
