// The real booker (the same runBooker wiring as services/booker/src/main.ts) with one crash point
// for the chaos suite: when the file named by CHAOS_CRASH_POINT exists, the first batch that
// reaches "DB committed and changes produced, offsets not yet committed" removes the file and
// SIGKILLs its own process there — the worst moment for exactly-once.
import { existsSync, rmSync } from 'node:fs';
import { runBooker } from '@booking/booker';

const crashPoint = process.env.CHAOS_CRASH_POINT;
await runBooker((logger) => ({
  beforeOffsetCommit: async (result) => {
    if (!crashPoint || result.outcomes.length === 0 || !existsSync(crashPoint)) return;
    rmSync(crashPoint, { force: true });
    logger.warn({ outcomes: result.outcomes.length }, 'chaos: killed between the DB commit and the offset commit');
    process.kill(process.pid, 'SIGKILL');
  },
}));
