// Loaded into every supervised service (`node --import`): a service lives in its own process
// group (so a terminal's Ctrl-C reaches only the supervisor), which also means nothing stops it
// when the supervisor dies without a word (SIGKILL, OOM). When its parent changes, the service
// shuts itself down gracefully, exactly as if the supervisor had sent SIGTERM. Its output went
// to the dead supervisor; writes to that socket block the logger's synchronous retry loop
// forever, so stdout and stderr are pointed at /dev/null first (fd 1 and 2 are reused in order).
import { closeSync, openSync } from 'node:fs';
import { watchParent } from './watch-parent.ts';

watchParent(() => {
  for (const fd of [1, 2]) {
    closeSync(fd);
    openSync('/dev/null', 'w');
  }
  process.kill(process.pid, 'SIGTERM');
});
