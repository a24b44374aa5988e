import {
  UsageError,
  didYouMean,
  knownStatusWords,
  matchIgnoringCase,
  resolveStatusWord,
  type StatusAliases,
  type Task,
  type TaskStatus,
} from '@taskpod/core';
import type { CliIo } from './command';

/**
 * `--pod NAME` as a person types it: the exact pod, else the one pod equal to it ignoring case (with
 * a note, since `devpod` for `DevPod` is a slip, not a filter for nothing), else a usage error that
 * names the pods the tasks have. Undefined when no `--pod` was given.
 */
export function resolvePodFilter(typed: unknown, tasks: readonly Task[], io: CliIo): string | undefined {
  if (typeof typed !== 'string') return undefined;
  const pods = [...new Set(tasks.map((t) => t.pod).filter((p): p is string => typeof p === 'string'))].sort();
  if (pods.includes(typed)) return typed;
  const same = matchIgnoringCase(typed, pods);
  if (same !== undefined) {
    io.stderr(`taskpod: note: --pod ${typed} matches pod ${same}.\n`);
    return same;
  }
  throw new UsageError(`No task has pod \`${typed}\`.${didYouMean(typed, pods)}`, {
    expected: pods.length > 0 ? pods.join(', ') : 'no task names a pod',
    received: typed,
  });
}

/** `--status WORD`: a taskpod status or any word the framework writes; unknown words get a suggestion. */
export function resolveStatusFilter(typed: unknown, flag: string, aliases: StatusAliases = {}): TaskStatus | undefined {
  if (typeof typed !== 'string') return undefined;
  const status = resolveStatusWord(typed, aliases);
  if (status !== undefined) return status;
  const words = knownStatusWords(aliases);
  throw new UsageError(`Unknown status \`${typed}\` for ${flag}.${didYouMean(typed, words)}`, {
    expected: words.join(', '),
    received: typed,
  });
}
