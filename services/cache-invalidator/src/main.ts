// Entry point: the production wiring (./run.ts). No logic here (STYLE.md rule 1).
import { runInvalidator } from './run.ts';

await runInvalidator();
