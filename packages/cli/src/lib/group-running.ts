// The one refusal two commands share: moving a consumer group's offsets (replay rebuild, dlq
// skip) while members of the group run would race them, so both refuse, name the members and
// end with the same exit code.
import { AppError } from '@booking/shared/errors';
import type { Admin } from 'kafkajs';
import { EXIT } from './exit-codes.ts';

export class GroupRunningError extends AppError {
  readonly exitCode = EXIT.groupRunning;

  constructor(group: string, members: string[]) {
    super(
      'INTERNAL',
      `refusing to move the offsets of consumer group "${group}": ${members.length} member(s) running (${members.join(', ')}); stop them first`,
    );
  }
}

async function runningMembers(admin: Admin, group: string): Promise<string[]> {
  const { groups } = await admin.describeGroups([group]);
  return (groups[0]?.members ?? []).map((m) => `${m.clientId}@${m.clientHost.replace(/^\//, '')}`);
}

/** Throws GroupRunningError when the group has members. */
export async function assertGroupStopped(admin: Admin, group: string): Promise<void> {
  const members = await runningMembers(admin, group);
  if (members.length > 0) throw new GroupRunningError(group, members);
}
