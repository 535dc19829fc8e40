import * as assert from 'node:assert/strict';
import { redact, redactValue } from '../../../src/core/log';

describe('log redaction', () => {
  it('masks bearer and basic credentials and passwords in URLs', () => {
    assert.equal(redact('Authorization: Bearer abcdef0123456789xyz'), 'Authorization: Bearer ***');
    assert.equal(redact('Basic YW5hOnNlY3JldHRva2Vu'), 'Basic ***');
    assert.equal(redact('GET https://ana:s3cr3t@jira.example.com/rest'), 'GET https://ana:***@jira.example.com/rest');
  });

  it('masks secret-looking keys at any depth', () => {
    const value = redactValue({ url: 'https://x', headers: { Authorization: 'Bearer zzzzzzzzzz' }, apiToken: 't0ken', nested: [{ password: 'p' }] });
    assert.deepEqual(value, { url: 'https://x', headers: { Authorization: '***' }, apiToken: '***', nested: [{ password: '***' }] });
  });

  it('leaves ordinary text alone', () => {
    assert.equal(redact('PROJ-123: token bucket refill'), 'PROJ-123: token bucket refill');
  });
});
