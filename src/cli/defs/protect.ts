// `ducha protect`, `ducha unlock` and `ducha lock`: a passphrase for this device's signing key (issue 17).
import { command, option } from '../define.js';

const protectCommands = () => import('../commands/protect.js');

export const protect = command({
  name: 'protect',
  description: 'cli.protect.description',
  options: [option('--change', 'cli.protect.change'), option('--recovery-key', 'cli.protect.recoveryKey')],
  examples: ['ducha protect', 'ducha protect --change', 'ducha protect --recovery-key'],
  action: () => protectCommands().then((m) => m.protectCommand),
});

export const unlock = command({
  name: 'unlock',
  description: 'cli.unlock.description',
  options: [option('--for <duration>', 'cli.unlock.for', { default: '8h' })],
  examples: ['ducha unlock', 'ducha unlock --for 2h'],
  action: () => protectCommands().then((m) => m.unlockCommand),
});

export const lock = command({
  name: 'lock',
  description: 'cli.lock.description',
  examples: ['ducha lock'],
  action: () => protectCommands().then((m) => m.lockCommand),
});
