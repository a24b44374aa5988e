/**
 * Nx's footer lines that time a run from its tasks' own timings, which batch executors do not give
 * it: they say `Run duration: 3ms` for a 15 s run. taskpod's totals line gives the wall time.
 */
const TASK_TIMING_LINE = /^(Run duration|Critical path|Recoverable time):/;

/**
 * A filter for Nx's streamed output that drops what would mislead: a `> nx run <project>:<target>`
 * header repeated with only blank lines between (Nx 23 prints it when a one-task batch starts and
 * again with the batch's output, so every lone task of a phase showed up twice), and the footer's
 * task timings. Blank lines are held until the next line says whether they lead to a repeat; a
 * partial line waits for its end.
 */
export function filterNxOutput(write: (text: string) => void): (chunk: string) => void {
  let partial = '';
  let blanks = 0;
  let lastHeader: string | null = null;
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    let out = '';
    for (const line of lines) {
      const plain = line.replace(/\x1b\[[0-9;]*m/g, '').trim();
      if (plain === '') {
        blanks++;
        continue;
      }
      if (TASK_TIMING_LINE.test(plain)) continue;
      const header = /^> nx run \S+$/.test(plain) ? plain : null;
      if (header !== null && header === lastHeader) {
        blanks = 0;
        continue;
      }
      lastHeader = header;
      out += `${'\n'.repeat(blanks)}${line}\n`;
      blanks = 0;
    }
    if (out !== '') write(out);
  };
}
