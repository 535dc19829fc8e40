import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { changeTrail } from './testApi';
import { type TeamFiles, keepTeamFiles } from './teamFiles';

describe('Stage the Change Log before any record exists', function () {
  this.timeout(60_000);
  let team: TeamFiles;

  before(async () => {
    await changeTrail();
    team = keepTeamFiles();
    rmSync(team.logFile, { force: true });
  });

  after(() => team.restore());

  it('says there is nothing to stage instead of failing with git\'s pathspec error', async () => {
    // The old code ran git add on a file that does not exist: the person got "git add failed:
    // fatal: pathspec '.changetrail/changes.jsonl' did not match any files" as an error, and the
    // command waited on that error message (here: for ever).
    const answer = await Promise.race([
      vscode.commands.executeCommand('changetrail.stageChangeLog').then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('an error message is waiting'), 8_000)),
    ]);
    assert.equal(answer, 'answered');
  });
});
