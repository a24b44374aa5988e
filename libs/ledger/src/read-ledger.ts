import * as path from 'node:path';
import { LEDGER_FILE, UserError } from '@taskpod/core';
import { readTextIfExists } from '@taskpod/core/atomic-write';
import type { LedgerEntry, UndoLine } from './build-ledger-entry';
import { type LedgerLine, isPatchEntry } from './spend-lines';

/**
 * Pure: the lines of a ledger.jsonl text (patches, paid requests, ...); a bad line is an error naming
 * the file and line. Undo lines are folded into the patch lines they name (`undone_at`), wherever they
 * stand in the file (a merge of two clones may order them either way), and are not lines themselves.
 */
export function parseLedger(text: string, file = LEDGER_FILE): LedgerLine[] {
  const entries: LedgerLine[] = [];
  const undone = new Map<string, string>();
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const entry = parseLine(line, `${file}:${index + 1}`);
    // A key twice (e.g. a careless merge) is still one patch or one paid request: the first line wins.
    if (seen.has(entry.key)) return;
    seen.add(entry.key);
    const undo = entry as unknown as Partial<UndoLine>;
    if (undo.kind === 'undo') {
      if (typeof undo.undoes === 'string' && !undone.has(undo.undoes)) undone.set(undo.undoes, String(undo.undone_at ?? ''));
      return;
    }
    entries.push(entry);
  });
  if (undone.size === 0) return entries;
  return entries.map((e) => (undone.has(e.key) ? { ...e, undone_at: undone.get(e.key)! } : e));
}

/** Pure: the undo line that takes back the patch line `entry`. */
export function buildUndoLine(entry: Pick<LedgerEntry, 'key' | 'task_id'>, undoneAt: string): UndoLine {
  return { kind: 'undo', key: `undo:${entry.key}`, task_id: entry.task_id, undoes: entry.key, undone_at: undoneAt };
}

function parseLine(line: string, where: string): LedgerLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const hint =
      line.startsWith('<<<<<<<') || line.startsWith('>>>>>>>') || line.startsWith('=======')
        ? 'It holds a git merge conflict: keep the lines of both sides (each line is one logged patch).'
        : 'Each line must be one JSON object written by `taskpod log`.';
    throw new UserError(`${where}: not a JSON line: ${(error as Error).message}`, { hint }, { cause: error });
  }
  const entry = value as Partial<LedgerLine> | null;
  if (!entry || typeof entry !== 'object' || typeof entry.key !== 'string' || typeof entry.task_id !== 'string') {
    throw new UserError(`${where}: a ledger line needs string fields \`key\` and \`task_id\`.`, {
      expected: '{"key": "<patch file>", "task_id": "<id>", ...}',
      received: line.length > 120 ? `${line.slice(0, 120)}...` : line,
    });
  }
  return entry as LedgerLine;
}

/** One JSON line, newline included (`undone_at` is the readers' and never written on a patch line). */
export function formatLedgerLine(line: LedgerLine | UndoLine): string {
  if ('undoes' in line || !isPatchEntry(line as LedgerLine)) return `${JSON.stringify(line)}\n`;
  const { undone_at: _readersOnly, ...patch } = line as LedgerEntry;
  return `${JSON.stringify(patch)}\n`;
}

/** Reads `.logs/ledger.jsonl` under root (no file: no entries). */
export async function readLedger(root: string): Promise<LedgerLine[]> {
  const text = await readTextIfExists(path.join(root, LEDGER_FILE));
  return text === null ? [] : parseLedger(text);
}
