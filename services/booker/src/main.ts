// The booker process. No logic here: the wiring is runBooker (run-booker.ts).
import { runBooker } from './run-booker.ts';

await runBooker();
