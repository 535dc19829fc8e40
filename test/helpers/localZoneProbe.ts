import { localTimeZone } from '../../src/core/checklist/zonedTime';

// Run as a script (by zonedTime.property.test.ts) under a given TZ: prints localTimeZone() and
// Intl's own answer, so the test can hold one to the other in a process of its own.
if (require.main === module) {
  const ours = localTimeZone();
  process.stdout.write(JSON.stringify({ ours, intl: Intl.DateTimeFormat().resolvedOptions().timeZone }));
}
