// The operations commands behind `booking-pipeline <command>` (the image's one command for the
// ops tools, README "Operations runbook"). Each command is its own script with its own --help;
// this table only names them, so a command is added here once and the wrapper, its help and the
// production-install test follow.
import { readFileSync } from 'node:fs';
import { type CommandSpec, helpText } from './cli.ts';
import { EXIT, EXIT_MEANINGS } from './exit-codes.ts';

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
    '`booking-pipeline <command> --help` shows the options of each; `--version` prints the version.',
    '',
    'exit codes of every command:',
    ...Object.entries(EXIT_MEANINGS).map(([code, meaning]) => `  ${code}  ${meaning}`),
  ].join('\n'),
  usage: 'booking-pipeline <command> [options]  |  booking-pipeline --help | --version',
  exitCodes: { [EXIT.ok]: 'help or version shown (or the exit code of the command)', [EXIT.usage]: 'no or unknown command' },
};

/** The package's version (packages/cli/package.json), as the services read theirs. */
export const CLI_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export type Invocation =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string }
  | { kind: 'run'; command: OpsCommand; script: string; args: string[] };

/** What `booking-pipeline <argv>` does; pure, so the wrapper itself stays wiring. */
export function resolveInvocation(argv: string[]): Invocation {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v' || command === 'version') return { kind: 'version' };
  if (command === undefined) return { kind: 'usage-error', message: 'no command given' };
  if (!Object.hasOwn(OPS_COMMANDS, command)) return { kind: 'usage-error', message: `unknown command "${command}"` };
  const name = command as OpsCommand;
  return { kind: 'run', command: name, script: OPS_COMMANDS[name].script, args };
}

export const cliHelp = (): string => helpText(CLI_SPEC);
