// Entry point: the production wiring (./run-invalidator.ts). No logic here (STYLE.md rule 1).
import { runInvalidator } from './run-invalidator.ts';

await runInvalidator();
