#!/usr/bin/env node
// Process glue only: run main() with the real process's io and set the exit code.
let entry;
try {
  entry = await import('../dist/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  process.stderr.write(
    'ducha: the build output (dist/) is missing. Run `npm install` or `npm run build` in the ducha folder.\n',
  );
  process.exit(2);
}
// A reader that went away (`ducha lint | head`) ends the run quietly, as for any Unix tool. Every write to
// the database is one synchronous transaction, so leaving between two of them loses nothing.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await entry.main(process.argv.slice(2), entry.processIo());
