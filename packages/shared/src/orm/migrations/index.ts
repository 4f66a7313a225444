// Every migration, in order. Listed explicitly (not discovered from a folder) so that the
// services, the CLI and the tests run exactly the same set, and nothing is picked up by a glob.
import type { MigrationObject } from '@mikro-orm/core';
import { MigrationInitial } from './migration-20260720000000-initial.ts';
import { MigrationPreviousState } from './migration-20261125000000-previous-state.ts';
import { MigrationBinaryUids } from './migration-20261201000000-binary-uids.ts';
import { MigrationNopadKeys } from './migration-20261202000000-nopad-keys.ts';

export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20260720000000_initial', class: MigrationInitial },
  { name: 'Migration20261125000000_previous_state', class: MigrationPreviousState },
  { name: 'Migration20261201000000_binary_uids', class: MigrationBinaryUids },
  { name: 'Migration20261202000000_nopad_keys', class: MigrationNopadKeys },
];
