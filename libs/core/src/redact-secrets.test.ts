import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitError, UserError, describeTaskpodError } from './errors';
import { isSecretEnvName, redactSecrets, redactSecretsIn, redactUrl } from './redact-secrets';

test('redactUrl: userinfo and secret query values go, the host, path and other parameters stay', () => {
  assert.equal(
    redactUrl('https://user:pass@api.example.com/v1?api-key=SECRET123&api-version=2024-06-01'),
    'https://***@api.example.com/v1?api-key=***&api-version=2024-06-01',
  );
  assert.equal(redactUrl('http://tok@127.0.0.1:8080/x'), 'http://***@127.0.0.1:8080/x');
  for (const name of ['api-key', 'API_KEY', 'key', 'token', 'access_token', 'sig', 'Signature', 'password', 'secret', 'client_secret']) {
    assert.equal(redactUrl(`https://h/p?a=1&${name}=v4lue%2Fx#frag`), `https://h/p?a=1&${name}=***#frag`, name);
  }
  assert.equal(redactUrl('see https://h/p?token=abcdef123.'), 'see https://h/p?token=***.', 'the sentence keeps its full stop');
  assert.equal(redactUrl("unable to access 'https://h/r.git?token=abc/': failed"), "unable to access 'https://h/r.git?token=***': failed");
  assert.equal(redactUrl('git@github.com:acme/shop.git and a@b.c'), 'git@github.com:acme/shop.git and a@b.c', 'no scheme, no userinfo');
  assert.equal(
    redactUrl('{"a":"https://h/x","b":"me@example.com"}'),
    '{"a":"https://h/x","b":"me@example.com"}',
    'never spans a JSON string',
  );
});

test('isSecretEnvName: *_KEY, *_TOKEN, *_SECRET, *PASSWORD*, *_PAT and the two named ones', () => {
  for (const name of [
    'OPENAI_API_KEY',
    'GITHUB_TOKEN',
    'ANTHROPIC_API_KEY',
    'GH_TOKEN',
    'AWS_SECRET',
    'DB_PASSWORD_FILE',
    'MYPASSWORD',
    'AZURE_DEVOPS_PAT',
    'npm_config__auth_token',
  ]) {
    assert.ok(isSecretEnvName(name), name);
  }
  for (const name of ['PATH', 'HOME', 'KEYBOARD', 'TOKENS_MAX', 'PATCH_DIR', 'TASKPOD_MODEL', 'OPENAI_BASE_URL'])
    assert.ok(!isSecretEnvName(name), name);
});

test('redactSecrets: every secret-named value of 6+ characters, also URL-encoded; short and ordinary values stay', () => {
  const env = { ANTHROPIC_API_KEY: 'sk-ant-0123456789', MY_TOKEN: 'a/b c+d=e', SHORT_KEY: 'abc12', TASKPOD_MODEL: 'gpt-4o-mini' };
  assert.equal(redactSecrets('key sk-ant-0123456789, twice sk-ant-0123456789', env), 'key ***, twice ***');
  assert.equal(redactSecrets(`raw a/b c+d=e encoded ${encodeURIComponent('a/b c+d=e')}`, env), 'raw *** encoded ***');
  assert.equal(redactSecrets('abc12 and gpt-4o-mini stay', env), 'abc12 and gpt-4o-mini stay');
  assert.equal(redactSecrets('at https://u:p@h/x?sig=zz99', {}), 'at https://***@h/x?sig=***');
});

test('redactSecretsIn: every string of a record, at any depth; other values untouched', () => {
  const env = { GITHUB_TOKEN: 'ghp_abcdef123456' };
  const record = {
    summary: 'used ghp_abcdef123456',
    files: ['a.md'],
    nested: [{ url: 'https://x:ghp_abcdef123456@h/r' }],
    tokens: 3,
    pr: null,
  };
  assert.deepEqual(redactSecretsIn(record, env), {
    summary: 'used ***',
    files: ['a.md'],
    nested: [{ url: 'https://***@h/r' }],
    tokens: 3,
    pr: null,
  });
});

test('describeTaskpodError: message, expected, received and hint are redacted for every caller', () => {
  const env = { SERVICE_PASSWORD: 'hunter2hunter2' };
  const user = new UserError('bad hunter2hunter2', { expected: 'https://a:b@h', received: 'hunter2hunter2', hint: 'try ?token=zzz111' });
  assert.deepEqual(describeTaskpodError(user, env), ['bad ***', '  expected: https://***@h', '  received: ***', '  try ?token=***']);
  const gitError = new GitError('Could not push.', ['push', 'origin'], 128, "fatal: unable to access 'https://h/r.git?token=abc123/'");
  assert.doesNotMatch(describeTaskpodError(gitError, {}).join('\n'), /abc123/);
});
