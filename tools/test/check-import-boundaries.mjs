#!/usr/bin/env node
// Checks the import graph of libs/*/src: every import of another lib goes through its package name or
// a subpath its package.json `exports` declares, and points down the dependency direction. Run it
// alone (`node tools/test/check-import-boundaries.mjs`) or through tools/test/import-boundaries.test.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');

const BELOW_PIPELINE = ['core', 'prompt', 'llm', 'git', 'github', 'ledger'];
/** The libs each lib's product code may import (README.md, Development, names the direction). */
export const ALLOWED = {
  core: [],
  prompt: ['core'],
  llm: ['core'],
  git: ['core'],
  github: ['core'],
  ledger: ['core'],
  pipeline: BELOW_PIPELINE,
  'nx-plugin': ['pipeline', ...BELOW_PIPELINE],
  // The HTML report reads tasks and the ledger only; nothing in it calls a model, git or GitHub.
  report: ['core', 'ledger'],
  // The MCP server composes the steps as tools, as the CLI composes them as commands.
  mcp: ['pipeline', ...BELOW_PIPELINE],
  // The taskpod package re-exports the plugin (`taskpod/nx-plugin`): Nx resolves plugins from the host's root.
  cli: ['nx-plugin', 'mcp', 'pipeline', 'report', ...BELOW_PIPELINE],
  // Test builders may build on any product lib; only tests may import testing (checked below).
  testing: ['cli', 'pipeline', 'report', ...BELOW_PIPELINE],
};
/** Graph construction (what Nx loads for createNodes) may parse tasks and nothing more. */
const GRAPH_ENTRY = { lib: 'nx-plugin', file: 'src/index.ts', allowed: ['core'] };

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function readLibs(root) {
  const libs = new Map();
  for (const dir of readdirSync(path.join(root, 'libs'))) {
    const pkgFile = path.join(root, 'libs', dir, 'package.json');
    if (!statSync(pkgFile, { throwIfNoEntry: false })) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    libs.set(dir, {
      dir,
      name: pkg.name,
      exports: Object.keys(pkg.exports ?? {}),
      dependencies: pkg.dependencies ?? {},
      devDependencies: pkg.devDependencies ?? {},
    });
  }
  return libs;
}

/** Every module specifier a file names (import, export from, import(), require()), with its line. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const lineOf = (pos) => text.slice(0, pos).split('\n').length;
  return info.importedFiles.map((f) => ({ specifier: f.fileName, line: lineOf(f.pos) }));
}

/** The lib a bare specifier names, and the subpath after the package name ('' for the package itself). */
function targetOf(specifier, libs) {
  for (const lib of libs.values()) {
    if (specifier === lib.name) return { lib, subpath: '' };
    if (specifier.startsWith(`${lib.name}/`)) return { lib, subpath: specifier.slice(lib.name.length + 1) };
  }
  return null;
}

/** The files `entry` reaches through relative imports inside its own lib. */
function reachable(entry, importsByFile) {
  const seen = new Set([entry]);
  for (const file of seen) {
    for (const { specifier } of importsByFile.get(file) ?? []) {
      if (!specifier.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), specifier);
      const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => importsByFile.has(f));
      if (hit) seen.add(hit);
    }
  }
  return seen;
}

/**
 * Returns every boundary violation under `root` (a workspace with libs/<lib>/package.json and
 * libs/<lib>/src), each naming the file, line, specifier and rule. Empty means the graph is closed.
 */
export function checkImportBoundaries(root) {
  const libs = readLibs(root);
  const importsByFile = new Map();
  for (const lib of libs.values()) {
    const src = path.join(root, 'libs', lib.dir, 'src');
    if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) for (const file of walk(src)) importsByFile.set(file, importsOf(file));
  }
  const graphLib = libs.get(GRAPH_ENTRY.lib);
  const graphFiles = graphLib ? reachable(path.join(root, 'libs', GRAPH_ENTRY.lib, GRAPH_ENTRY.file), importsByFile) : new Set();

  const violations = [];
  for (const [file, imports] of importsByFile) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const from = libs.get(rel.split('/')[1]);
    const isTest = file.endsWith('.test.ts');
    for (const { specifier, line } of imports) {
      const report = (rule) => violations.push({ file: rel, line, specifier, rule });
      if (specifier.startsWith('.')) {
        const resolved = path.resolve(path.dirname(file), specifier);
        if (!resolved.startsWith(path.join(root, 'libs', from.dir, 'src') + path.sep))
          report(`a relative import may not leave libs/${from.dir}/src; import the lib by its package name`);
        continue;
      }
      const target = targetOf(specifier, libs);
      if (!target || target.lib === from) continue;
      const to = target.lib;
      if (target.subpath && !to.exports.includes(`./${target.subpath}`)) {
        report(
          `'${target.subpath}' is internal to ${to.name}; use '${to.name}'${to.exports.length > 2 ? ` or a subpath its package.json exports (${to.exports.filter((e) => e !== '.' && e !== './package.json').join(', ')})` : ''}`,
        );
        continue;
      }
      if (to.dir === 'testing') {
        if (!isTest && from.dir !== 'testing') report(`only tests (*.test.ts) may import ${to.name}`);
        continue;
      }
      if (!ALLOWED[from.dir]?.includes(to.dir)) {
        report(
          `${from.dir} may import ${ALLOWED[from.dir]?.length ? `only ${ALLOWED[from.dir].join(', ')}` : 'no other lib'}, not ${to.dir}`,
        );
        continue;
      }
      if (graphFiles.has(file) && !GRAPH_ENTRY.allowed.includes(to.dir)) {
        report(
          `graph construction (${GRAPH_ENTRY.file} and what it imports) may import only ${GRAPH_ENTRY.allowed.join(', ')}, not ${to.dir}`,
        );
        continue;
      }
      const declared = isTest ? { ...from.dependencies, ...from.devDependencies } : from.dependencies;
      if (!(to.name in declared))
        report(`${to.name} is not in libs/${from.dir}/package.json ${isTest ? 'dependencies or devDependencies' : 'dependencies'}`);
    }
  }
  for (const lib of libs.values()) {
    if (lib.dir !== 'testing' && libs.get('testing') && libs.get('testing').name in lib.dependencies) {
      violations.push({
        file: `libs/${lib.dir}/package.json`,
        line: 0,
        specifier: libs.get('testing').name,
        rule: 'testing may be only a devDependency of a product lib',
      });
    }
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export const formatViolation = (v) => `${v.file}:${v.line} imports '${v.specifier}': ${v.rule}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const violations = checkImportBoundaries(path.resolve(import.meta.dirname, '../..'));
  for (const v of violations) console.error(formatViolation(v));
  if (violations.length === 0) console.log('import boundaries: ok');
  process.exitCode = violations.length === 0 ? 0 : 1;
}
