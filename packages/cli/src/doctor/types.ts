export type CheckStatus = 'PASS' | 'WARN' | 'FAIL';

export interface CheckResult {
  /** What was checked, e.g. "kafka", "topic bookings.calcom". */
  check: string;
  status: CheckStatus;
  /** One line a person can act on. */
  evidence: string;
}

export interface Check {
  name: string;
  run(): Promise<CheckResult[]>;
}
