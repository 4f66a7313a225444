// Field types shared by the environment schemas.
import { accessSync, constants, statSync } from 'node:fs';
import { z } from 'zod';

/** `true`/`false` (also `1`/`0`); anything else is an error naming the variable. */
export const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1')
  .default(false);

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A path to a file this process can read, checked at start (a mount that is missing fails there). */
export const readableFile = z.string().min(1).refine(isReadableFile, 'must name a file that exists and is readable');
