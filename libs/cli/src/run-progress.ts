import { rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallProgressEvent } from '@taskpod/pipeline/call-progress';
import type { CliIo } from './command';

export interface RunProgressOptions {
  /** A status line redrawn in place (a terminal, not CI); else plain lines only. */
  live: boolean;
  /** How often calls still in flight are reported. */
  heartbeatMs?: number;
  now?: () => number;
}

export interface RunProgress {
  /** For the nx child: the socket its steps report to (TASKPOD_PROGRESS_SOCKET). */
  socketPath: string;
  /** `io` with the live line cleared before, and redrawn after, everything written through it. */
  io: CliIo;
  close: () => Promise<void>;
}

interface InFlight {
  task: string;
  provider: string;
  model: string;
  since: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * What `taskpod run` shows while nx works: a line when each model call starts and ends (tokens,
 * cost, time), and for calls still in flight a heartbeat with their elapsed time (plain lines), or
 * in a terminal one status line kept under Nx's output. Lines go to stderr so stdout stays Nx's
 * output or, with --json, the summary alone.
 */
export async function startRunProgress(io: CliIo, options: RunProgressOptions): Promise<RunProgress> {
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const inFlight = new Map<string, InFlight>();
  let statusShown = false;
  let frame = 0;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const clearStatus = () => {
    if (statusShown) io.stderr('\r\x1b[2K');
    statusShown = false;
  };
  const drawStatus = () => {
    if (!options.live || inFlight.size === 0) return;
    const calls = [...inFlight.values()].map((c) => `${c.task} (${c.provider} ${c.model}, ${seconds(now() - c.since)})`);
    const text = `${SPINNER[frame++ % SPINNER.length]} waiting for ${calls.length} model call${calls.length === 1 ? '' : 's'}: ${calls.join(', ')}`;
    const width = Math.max(20, (io.columns ?? 100) - 1);
    io.stderr(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    statusShown = true;
  };
  const around = (write: (text: string) => void) => (text: string) => {
    clearStatus();
    write(text);
    if (text.endsWith('\n')) drawStatus();
  };
  const viewIo: CliIo = { ...io, stdout: around(io.stdout), stderr: around(io.stderr) };
  const line = (text: string) => viewIo.stderr(`taskpod: ${text}\n`);

  const onEvent = (event: CallProgressEvent) => {
    const key = `${event.task}\0${event.provider}`;
    if (event.kind === 'call-start') {
      inFlight.set(key, { task: event.task, provider: event.provider, model: event.model, since: now() });
      line(`${event.task}: asking ${event.provider} ${event.model}`);
      return;
    }
    inFlight.delete(key);
    if (event.kind === 'call-end') {
      const cost = event.cost_usd === null ? 'cost unknown' : `$${event.cost_usd.toFixed(4)}`;
      line(
        `${event.task}: ${event.provider} ${event.model} answered in ${seconds(event.ms)}: ${event.tokens_in}+${event.tokens_out} tokens, ${cost}`,
      );
    } else {
      line(`${event.task}: ${event.provider} ${event.model} failed after ${seconds(event.ms)}: ${event.message}`);
    }
  };

  const socketPath = progressSocketPath();
  const server = await listen(socketPath, onEvent);
  const heartbeat = setInterval(() => {
    for (const call of inFlight.values()) {
      if (now() - call.since >= heartbeatMs)
        line(`${call.task}: still waiting for ${call.provider} ${call.model} (${seconds(now() - call.since)})`);
    }
  }, heartbeatMs);
  const spinner = options.live
    ? setInterval(() => {
        clearStatus();
        drawStatus();
      }, 100)
    : undefined;
  heartbeat.unref();
  spinner?.unref();
  return {
    socketPath,
    io: viewIo,
    close: async () => {
      clearInterval(heartbeat);
      if (spinner) clearInterval(spinner);
      clearStatus();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (process.platform !== 'win32') rmSync(socketPath, { force: true });
    },
  };
}

/** Short enough for the 104-byte limit of a Unix socket path on every platform. */
function progressSocketPath(): string {
  const name = `taskpod-${process.pid}-${Math.random().toString(36).slice(2, 8)}.sock`;
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : path.join(os.tmpdir(), name);
}

function listen(socketPath: string, onEvent: (event: CallProgressEvent) => void): Promise<Server> {
  const server = createServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        try {
          onEvent(JSON.parse(text) as CallProgressEvent);
        } catch {
          // Not an event of ours: the view ignores it rather than stopping the run.
        }
      }
    });
    socket.on('error', () => {});
  });
  server.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve(server));
  });
}
