import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** The command that opens a file in the user's default application, per platform. */
export function platformOpener(platform: NodeJS.Platform, file: string): { command: string; args: string[]; verbatim?: boolean } {
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // `start` is a cmd builtin whose first quoted argument is a window title, hence the empty one;
  // the line goes to cmd as written, since Node's own quoting would turn `""` into a title of quotes.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${file}"`], verbatim: true };
  return { command: 'xdg-open', args: [file] };
}

/** The absolute path of `command` on PATH, or null. */
function findOnPath(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; try the next folder.
      }
    }
  }
  return null;
}

/**
 * Starts the platform opener on `file`, detached so taskpod exits at once. Returns the opener's
 * name, or null when this machine has none (a server, a container): then nothing is started.
 */
export function openWithPlatformOpener(file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  const { command, args, verbatim } = platformOpener(platform, file);
  const found = findOnPath(command, env, platform);
  if (found === null) return null;
  const child = spawn(found, args, { detached: true, stdio: 'ignore', env, windowsVerbatimArguments: verbatim === true });
  // An opener that fails to start must not crash the command that already wrote the report.
  child.on('error', () => {});
  child.unref();
  return command;
}
