#!/usr/bin/env node
// booking-pipeline <command> [options]: every ops tool as one command, so that an image or a pod
// runs them without npm (`docker compose run --rm booker booking-pipeline doctor`,
// `kubectl exec deploy/booker -- booking-pipeline doctor`). The command runs in this process, as
// if started directly: same argv shape, exit code, signals and --help.
import { fileURLToPath } from 'node:url';
import { EXIT_USAGE } from './lib/cli.ts';
import { CLI_VERSION, cliHelp, resolveInvocation } from './lib/commands.ts';

const invocation = resolveInvocation(process.argv.slice(2));
if (invocation.kind === 'help') {
  process.stdout.write(cliHelp());
} else if (invocation.kind === 'version') {
  process.stdout.write(`${CLI_VERSION}\n`);
} else if (invocation.kind === 'usage-error') {
  process.stderr.write(`booking-pipeline: ${invocation.message}\n\n${cliHelp()}`);
  process.exitCode = EXIT_USAGE;
} else {
  const script = new URL(invocation.script, import.meta.url);
  process.argv = [process.argv[0] ?? process.execPath, fileURLToPath(script), ...invocation.args];
  await import(script.href);
}
