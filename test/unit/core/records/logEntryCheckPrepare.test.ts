import * as assert from 'node:assert/strict';
import { logEntrySchema } from '../../../../src/core/records/changeRecord';
import { checkLogEntry, logEntryCheckCompiled, prepareLogEntryCheck } from '../../../../src/core/records/logEntryCheck';
import { changeRecord } from '../../../helpers/memoryLogIndex';

// Its own test file, so its own bundle: the check starts uncompiled here, whatever other suites did.
describe('preparing the log entry check', () => {
  it('compiles it at once when asked (the extension host does, off the path a person waits on), and the answers stay the schema\'s', () => {
    const valid = changeRecord({ createdAt: '2026-11-02T10:00:00.000Z' });
    const invalid = { ...changeRecord({ createdAt: '2026-11-02T10:00:00.000Z' }), version: 'one' };
    assert.equal(checkLogEntry(valid).success, true);
    assert.equal(logEntryCheckCompiled(), false, 'a few lines checked: still the runtime parser');
    prepareLogEntryCheck();
    assert.equal(logEntryCheckCompiled(), true);
    assert.equal(checkLogEntry(valid).success, true);
    assert.equal(checkLogEntry(invalid).success, false);
    assert.equal(checkLogEntry(invalid).success, logEntrySchema.safeParse(invalid).success);
    prepareLogEntryCheck();
    assert.equal(logEntryCheckCompiled(), true, 'asked again: compiled once, still compiled');
  });
});
