// The time every suite runs at: a Tuesday 10:00 UTC, outside the default freeze window (Friday
// 15:00 to Monday 06:00), so no check depends on the weekday, hour or time zone of the machine.
// The integration and UI harnesses hand it to the extension host as CHANGETRAIL_NOW (launcher ->
// code-server -> extension host inherit the environment); the demo repository's history is dated
// back from it. A suite that needs another moment sets its own `now`.
export const TEST_NOW = '2026-11-24T10:00:00.000Z';

/** The environment that fixes ChangeTrail's clock at `now` (default TEST_NOW). */
export function clockEnv(now = TEST_NOW) {
  return { CHANGETRAIL_NOW: now };
}
