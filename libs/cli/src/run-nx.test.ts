import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nxEnvFor } from './run-nx';

test('the nx process of taskpod run loads plugins in-process and plainly, unless the user says otherwise', () => {
  assert.equal(nxEnvFor({}).NX_ISOLATE_PLUGINS, 'false');
  assert.equal(nxEnvFor({}).NX_TUI, 'false');
  assert.equal(nxEnvFor({ NX_ISOLATE_PLUGINS: 'true' }).NX_ISOLATE_PLUGINS, 'true', "the user's setting wins");
  assert.equal(nxEnvFor({ NX_TUI: 'true' }, { NX_PARALLEL: '8' }).NX_TUI, 'true');
  assert.equal(
    nxEnvFor({ NX_PARALLEL: '2' }, { NX_PARALLEL: '8' }).NX_PARALLEL,
    '8',
    'what the command sets (--parallel) wins over the environment',
  );
});
