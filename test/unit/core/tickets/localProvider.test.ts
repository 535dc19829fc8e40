import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import { LocalProvider, parseTicketsFile, ticketsFromHistory } from '../../../../src/core/tickets/providers/localProvider';
import { createTestRepo } from '../../../helpers/createTestRepo';

const syntax = { projects: [], patterns: [] };

describe('local tickets: a file in the repository and git history', () => {
  it('reads a JSON array and names the entry that is wrong', () => {
    assert.deepEqual(parseTicketsFile('[{"key":"PROJ-1","title":"Login"}]', 'tickets.json'), [{ key: 'PROJ-1', title: 'Login' }]);
    assert.throws(() => parseTicketsFile('[{"key":"PROJ-1","title":"x"},{"title":"no key"}]', 'tickets.json'), /tickets\.json: entry 1\.key/);
    assert.throws(() => parseTicketsFile('[{"key":', 'tickets.json'), /tickets\.json: not valid JSON/);
  });

  it('reads CSV with quotes, commas and CRLF, and names a bad line', () => {
    const csv = 'key,title,status,assignee\r\nPROJ-1,"Login, the form",Done,Ana\r\nPROJ-2,"Say ""hi""",,\r\n';
    assert.deepEqual(parseTicketsFile(csv, 't.csv'), [
      { key: 'PROJ-1', title: 'Login, the form', status: 'Done', assignee: 'Ana', url: undefined },
      { key: 'PROJ-2', title: 'Say "hi"', status: undefined, assignee: undefined, url: undefined },
    ]);
    assert.throws(() => parseTicketsFile('name,summary\nx,y', 't.csv'), /t\.csv: line 1: a CSV tickets file needs a header with key and title/);
    assert.throws(() => parseTicketsFile('key,title\n,orphan', 't.csv'), /t\.csv: line 2: no key/);
  });

  it('finds tickets in commit subjects, titled by the rest of the subject', async () => {
    const repo = createTestRepo();
    try {
      repo.commit('PROJ-7: Shorten the timeout');
      repo.commit('Fix crash (OPS-3)');
      const found = await ticketsFromHistory(repo.path, syntax, silentLogger);
      assert.deepEqual(found.map((t) => [t.key, t.title]), [['OPS-3', 'Fix crash ()'], ['PROJ-7', 'Shorten the timeout']]);
    } finally {
      repo.dispose();
    }
  });

  it('serves the file first and history for the rest; missing file is fine', async () => {
    const repo = createTestRepo();
    try {
      repo.commit('PROJ-7: From history', { '.changetrail/tickets.json': '[{"key":"PROJ-1","title":"From the file","status":"Open"}]' });
      const provider = new LocalProvider('local', repo.path, '.changetrail/tickets.json', syntax, silentLogger);
      assert.deepEqual((await provider.recent()).map((t) => t.key), ['PROJ-1', 'PROJ-7']);
      assert.equal((await provider.get('PROJ-1'))?.status, 'Open');
      // As the remote trackers do, a key typed in lower case is the same ticket.
      assert.equal((await provider.get('proj-1'))?.status, 'Open');
      assert.equal((await provider.get('proj-7'))?.key, 'PROJ-7');
      assert.deepEqual((await provider.search('history')).map((t) => t.key), ['PROJ-7']);
      const none = new LocalProvider('local', repo.path, 'missing.json', syntax, silentLogger);
      assert.deepEqual((await none.recent()).map((t) => t.key), ['PROJ-7']);
    } finally {
      repo.dispose();
    }
  });
});
