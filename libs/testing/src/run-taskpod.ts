/**
 * Runs the CLI's `main()` in this process with captured output, as `taskpod <args>` would run in
 * `cwd`: the same exit code and text as the spawned bin (see `taskpod` in spawn-taskpod.ts), without
 * starting a process. NO_COLOR is on unless `env` says otherwise, as for the spawned bin. `stdin` is
 * what a flag reading `-` gets.
 */
export async function runTaskpod(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, options: { stdin?: string } = {}) {
  const { main } = await import('taskpod');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr };
}
