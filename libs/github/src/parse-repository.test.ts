import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRemoteUrl, parseRepositorySlug, resolveRepository } from './parse-repository';

describe('parseRemoteUrl', () => {
  const repo = { owner: 'acme', name: 'shop.web' };
  for (const url of [
    'https://github.com/acme/shop.web.git',
    'https://github.com/acme/shop.web',
    'https://x-access-token:abc@github.example.com/acme/shop.web.git',
    'git@github.com:acme/shop.web.git',
    'ssh://git@github.com/acme/shop.web.git',
    'ssh://git@ghe.local:2222/acme/shop.web/',
  ]) {
    it(`reads ${url}`, () => assert.deepEqual(parseRemoteUrl(url), repo));
  }

  it('is null for local paths, file URLs and deeper paths', () => {
    assert.equal(parseRemoteUrl('/tmp/origin.git'), null);
    assert.equal(parseRemoteUrl('../origin.git'), null);
    assert.equal(parseRemoteUrl('file:///tmp/acme/shop.git'), null);
    assert.equal(parseRemoteUrl('https://gitlab.com/group/sub/repo.git'), null);
  });
});

describe('resolveRepository', () => {
  it('prefers GITHUB_REPOSITORY over the origin URL', () => {
    assert.deepEqual(resolveRepository({ GITHUB_REPOSITORY: 'o/n' }, 'git@github.com:a/b.git'), { owner: 'o', name: 'n' });
    assert.deepEqual(resolveRepository({}, 'git@github.com:a/b.git'), { owner: 'a', name: 'b' });
    assert.equal(resolveRepository({}, null), null);
    assert.equal(parseRepositorySlug('not a slug'), null);
  });
});
