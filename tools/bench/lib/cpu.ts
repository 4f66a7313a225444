// CPU seconds per process from /proc/<pid>/stat (utime + stime, children not included): the
// stable figure on a shared machine, where wall-clock latencies move with the neighbours' load.
// Processes are found by the TCP port they listen on (a service's, Kafka's, MariaDB's, Redis's),
// never by name: the machine runs other people's copies of every one of them.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { STACK } from '@booking/shared/testing';

// USER_HZ: the unit of utime/stime; 100 on every Linux this runs on (getconf CLK_TCK)
const TICKS_PER_SECOND = 100;

/** utime and stime of one process in seconds, or undefined once it has exited. */
export function cpuTimes(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count from the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** utime + stime of one process in seconds, or undefined once it has exited. */
export function cpuSeconds(pid: number): number | undefined {
  const times = cpuTimes(pid);
  return times && times.user + times.system;
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; st 0A is LISTEN; inode is column 10
      if (cols[3] === '0A' && cols[1]?.endsWith(`:${hex}`) && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid of the process listening on `port` (any address), found through its socket's inode. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return undefined;
}

const portOf = (url: string) => Number(new URL(url.replace(/^[a-z]+:\/\/[^@]*@/, 'x://')).port);

/** The stack's shared processes (Kafka, MariaDB, Redis), by the ports the bench talks to. */
export function stackProcesses(): Record<string, number> {
  const found: Record<string, number> = {};
  const ports: [string, number][] = [
    ['kafka', Number(STACK.kafkaBrokers[0]?.split(':')[1] ?? 9092)],
    ['mariadb', portOf(STACK.mariadbUrl) || 3306],
    ['redis', portOf(STACK.redisUrl) || 6379],
  ];
  for (const [name, port] of ports) {
    const pid = pidListeningOn(port);
    if (pid !== undefined) found[name] = pid;
  }
  return found;
}

export interface CpuMeter {
  /** CPU seconds each process used since the meter started (a process gone since counts 0 more). */
  read(): Record<string, number>;
  /** The same split into user and kernel (system) seconds: the kernel's share is mostly socket I/O. */
  readSplit(): Record<string, { user: number; system: number }>;
}

/** Starts counting CPU seconds of the named processes now. */
export function cpuMeter(pids: Record<string, number>): CpuMeter {
  const zero = { user: 0, system: 0 };
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuTimes(pid) ?? zero]));
  const last = { ...start };
  const readSplit = () => {
    const out: Record<string, { user: number; system: number }> = {};
    for (const [name, pid] of Object.entries(pids)) {
      const now = cpuTimes(pid);
      if (now !== undefined) last[name] = now;
      const [a, b] = [start[name] ?? zero, last[name] ?? zero];
      out[name] = { user: b.user - a.user, system: b.system - a.system };
    }
    return out;
  };
  return {
    readSplit,
    read: () => Object.fromEntries(Object.entries(readSplit()).map(([name, t]) => [name, t.user + t.system])),
  };
}
