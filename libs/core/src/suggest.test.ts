import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestMatches, didYouMean, matchIgnoringCase } from './suggest';

test('suggest: a typo, a swap and a prefix find the word; nothing close finds nothing', () => {
  assert.deepEqual(closestMatches('lsit', ['list', 'log', 'next']), ['list']);
  assert.deepEqual(closestMatches('2.l', ['2.1', '2.2', '10.1']), ['2.1', '2.2']);
  assert.deepEqual(closestMatches('dev', ['DevPod', 'QAPod']), ['DevPod']);
  assert.deepEqual(closestMatches('zzzz', ['list', 'log']), []);
});

test('suggest: one, two and three candidates read as a sentence', () => {
  assert.equal(didYouMean('lgo', ['log']), ' Did you mean `log`?');
  assert.equal(didYouMean('1.x', ['1.1', '1.2']), ' Did you mean `1.1` or `1.2`?');
  assert.equal(didYouMean('qqqqqq', ['log']), '');
});

test('suggest: case-insensitive match only when it is unambiguous', () => {
  assert.equal(matchIgnoringCase('devpod', ['DevPod', 'QAPod']), 'DevPod');
  assert.equal(matchIgnoringCase('x', ['X', 'x']), undefined);
});
