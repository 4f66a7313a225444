// The operations commands behind `booking-pipeline <command>` (the image's one command for the
// ops tools, README "Operations runbook"). Each command is its own script with its own --help;
// this table only names them, so a command is added here once and the wrapper, its help and the
// production-install test follow.
import { type CommandSpec, helpText } from './cli.ts';

export const OPS_COMMANDS = {
  doctor: { script: 'doctor.ts', summary: 'check Kafka, topics, registry, MariaDB, migrations, Redis and lag' },
  verify: { script: 'verify.ts', summary: 'prove the database matches the source topics' },
  replay: { script: 'replay.ts', summary: 'rebuild the database from the source topics' },
  dlq: { script: 'dlq.ts', summary: 'inspect or re-drive dead letters' },
  migrate: { script: 'migrate.ts', summary: 'apply, revert or list database migrations' },
  demo: { script: 'demo.ts', summary: 'send a signed booking story through a running pipeline' },
} as const satisfies Record<string, { script: string; summary: string }>;

export type OpsCommand = keyof typeof OPS_COMMANDS;

const width = Math.max(...Object.keys(OPS_COMMANDS).map((name) => name.length));

export const CLI_SPEC: CommandSpec = {
  name: 'booking-pipeline',
  summary: [
    'The booking pipeline operations tools. Each reads the same environment as the services.',
    '',
    'commands:',
    ...Object.entries(OPS_COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    '`booking-pipeline <command> --help` shows the options of each.',
  ].join('\n'),
  usage: 'booking-pipeline <command> [options]',
  exitCodes: { 0: 'help shown (or the exit code of the command)', 2: 'no or unknown command' },
};

export type Invocation =
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string }
  | { kind: 'run'; command: OpsCommand; script: string; args: string[] };

/** What `booking-pipeline <argv>` does; pure, so the wrapper itself stays wiring. */
export function resolveInvocation(argv: string[]): Invocation {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === undefined) return { kind: 'usage-error', message: 'no command given' };
  if (!Object.hasOwn(OPS_COMMANDS, command)) return { kind: 'usage-error', message: `unknown command "${command}"` };
  const name = command as OpsCommand;
  return { kind: 'run', command: name, script: OPS_COMMANDS[name].script, args };
}

export const cliHelp = (): string => helpText(CLI_SPEC);
