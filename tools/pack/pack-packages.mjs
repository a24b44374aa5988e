#!/usr/bin/env node
// `npm run pack`: every publishable workspace (not `private`) packed into dist/packages/, the
// release a registry would receive. Run after building; prints each tarball and its size.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const PACKAGES_DIR = path.join(root, 'dist/packages');

/** The workspaces npm would publish, as `libs/<name>`. */
export function publishableWorkspaces() {
  return readdirSync(path.join(root, 'libs'))
    .map((lib) => `libs/${lib}`)
    .filter((ws) => {
      const manifest = JSON.parse(readFileSync(path.join(root, ws, 'package.json'), 'utf8'));
      return manifest.private !== true;
    })
    .sort();
}

/** Packs every publishable workspace into dist/packages/; returns npm pack's JSON (name, filename, size, files). */
export function packPackages() {
  rmSync(PACKAGES_DIR, { recursive: true, force: true });
  mkdirSync(PACKAGES_DIR, { recursive: true });
  const args = ['pack', '--json', '--pack-destination', PACKAGES_DIR, ...publishableWorkspaces().flatMap((ws) => ['-w', ws])];
  const out = execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const p of packPackages()) {
    console.log(
      `${path.relative(root, path.join(PACKAGES_DIR, p.filename))}  ${(p.size / 1024).toFixed(1)} kB packed, ${(p.unpackedSize / 1024).toFixed(1)} kB unpacked, ${p.entryCount} files`,
    );
  }
}
