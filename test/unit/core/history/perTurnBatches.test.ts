import * as assert from 'node:assert/strict';
import { batchedPerTurn } from '../../../../src/core/history/perTurnBatches';

describe('batchedPerTurn', () => {
  it('hands over what one synchronous turn gave as one batch, and the next turn as another', async () => {
    const batches: string[][] = [];
    const add = batchedPerTurn<string>((batch) => batches.push(batch));
    add('a');
    add('b');
    add('c');
    assert.deepEqual(batches, [], 'nothing is handed over before the turn ends');
    await Promise.resolve();
    add('d');
    await new Promise((done) => setImmediate(done));
    add('e');
    add('f');
    await new Promise((done) => setImmediate(done));
    assert.deepEqual(batches, [['a', 'b', 'c'], ['d'], ['e', 'f']]);
  });
});
