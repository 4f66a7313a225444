// The booker process. No logic here: the wiring is runBooker (run.ts).
import { runBooker } from './run.ts';

await runBooker();
