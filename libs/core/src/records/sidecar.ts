import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { PATCHES_DIR } from '../paths';
import type { PatchMeta } from '../types';
import { type RecordKind, readRecordFile, writeRecordFile } from './record-file';
import { listOf, nullable, number, objectOf, oneOf, optional, string } from './record-shape';

/** `.patches/patch_<stamp>_<id>.yaml`, beside its diff, as docs/file-formats.md describes it. */
const SIDECAR: RecordKind<PatchMeta> = {
  format: 'YAML',
  shape: {
    task_id: string,
    // Hand-written sidecars may leave these out; log then takes them from the task.
    pod: optional(nullable(string)),
    phase: optional(nullable(number)),
    timestamp: string,
    base_commit: string,
    summary: string,
    files: listOf(
      objectOf({
        path: string,
        status: oneOf('added', 'modified', 'deleted', 'renamed', 'copied', 'type-changed'),
        insertions: number,
        deletions: number,
        from: optional(string),
      }),
    ),
    totals: objectOf({ files: number, insertions: number, deletions: number }),
    model: nullable(string),
    tokens_in: number,
    tokens_out: number,
    cost_usd: nullable(number),
    patch_file: string,
    source: oneOf('run', 'staged'),
  },
  parse: (text) => parseSidecarYaml(text),
  serialize: (meta) => buildSidecarYaml(meta),
  hint: (id) => `Re-run \`taskpod patch ${id}\`.`,
};

/** The sidecar named `name` (a file name under `.patches/`) of task `id`, or null when it does not exist. */
export const readSidecar = (root: string, name: string, id: string) => readRecordFile(root, `${PATCHES_DIR}/${name}`, SIDECAR, id);

export const writeSidecar = (root: string, name: string, meta: PatchMeta) => writeRecordFile(root, `${PATCHES_DIR}/${name}`, SIDECAR, meta);

/**
 * The sidecar as YAML: scalars through the yaml library, `files` as one flow mapping per line with
 * JSON-quoted paths (valid YAML), because the library is slow on patches with many files
 * (tools/bench/patch-apply-bench.mjs).
 */
export function buildSidecarYaml(meta: PatchMeta): string {
  const { files, totals, model, tokens_in, tokens_out, cost_usd, patch_file, source, ...head } = meta;
  const tail = { totals, model, tokens_in, tokens_out, cost_usd, patch_file, source };
  const entries = files.map((f) => {
    const from = f.from === undefined ? '' : `, from: ${JSON.stringify(f.from)}`;
    return `  - { path: ${JSON.stringify(f.path)}, status: ${f.status}, insertions: ${f.insertions}, deletions: ${f.deletions}${from} }\n`;
  });
  const filesBlock = entries.length ? `files:\n${entries.join('')}` : 'files: []\n';
  return `${stringifyYaml(head, { lineWidth: 0 })}${filesBlock}${stringifyYaml(tail, { lineWidth: 0 })}`;
}

const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const FILE_LINE = new RegExp(
  `^  - \\{ path: (${QUOTED}), status: ([a-z-]+), insertions: (\\d+), deletions: (\\d+)(?:, from: (${QUOTED}))? \\}$`,
);

/**
 * Parses a sidecar. The `files` lines buildSidecarYaml writes are read directly (the yaml library is
 * slow on patches with many files); anything else, such as a hand-edited sidecar, goes through the
 * library. The result is not checked yet: readSidecar does that.
 */
export function parseSidecarYaml(text: string): PatchMeta {
  const lines = text.split('\n');
  const start = lines.indexOf('files:');
  if (start < 0) return parseYaml(text) as PatchMeta;
  const files: PatchMeta['files'] = [];
  let end = start + 1;
  for (; end < lines.length && lines[end]!.startsWith('  - '); end++) {
    const m = FILE_LINE.exec(lines[end]!);
    if (!m) return parseYaml(text) as PatchMeta;
    const file: PatchMeta['files'][number] = {
      path: JSON.parse(m[1]!),
      status: m[2] as never,
      insertions: Number(m[3]),
      deletions: Number(m[4]),
    };
    if (m[5] !== undefined) file.from = JSON.parse(m[5]);
    files.push(file);
  }
  const rest = parseYaml([...lines.slice(0, start), ...lines.slice(end)].join('\n')) as PatchMeta;
  return { ...rest, files };
}
