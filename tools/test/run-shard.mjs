#!/usr/bin/env node
// One process for many unit test files (run-tests.mjs --unit): each file registers its tests with
// node:test's root, which runs them in turn. Starting a process per file cost more than most files'
// tests; a file that changes process-wide state is not given here (run-tests.mjs runs it on its own).
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(file).href);
