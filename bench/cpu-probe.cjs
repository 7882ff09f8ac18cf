// Preloaded with `node -r` by the start-up case: at exit, the process's own CPU time (user + system, all its
// threads, microseconds) on stderr. Steadier than wall time on a loaded machine; given beside it.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\n[cpu-us] ${user + system}\n`);
});
