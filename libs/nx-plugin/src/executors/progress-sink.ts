import { createConnection, type Socket } from 'node:net';
import { type CallProgress, PROGRESS_SOCKET_ENV } from '@taskpod/pipeline/call-progress';

let connection: { where: string; socket: Socket } | undefined;

/**
 * Model-call events as JSON lines to the socket `taskpod run` listens on, so it can show calls while
 * they are in flight (Nx shows a task's output only as the task prints it, and the steps print a
 * line when a call ends). Best effort and never blocking: no listener, no progress, same run. The
 * socket does not keep the process alive. Not part of any cache key: the path differs every run.
 */
export function progressSink(env: NodeJS.ProcessEnv): CallProgress | undefined {
  const where = env[PROGRESS_SOCKET_ENV];
  if (!where) return undefined;
  return (event) => {
    try {
      socketTo(where).write(`${JSON.stringify(event)}\n`);
    } catch {
      // A view that went away is not a reason to fail a step.
    }
  };
}

function socketTo(where: string): Socket {
  if (connection?.where !== where || connection.socket.destroyed) {
    const socket = createConnection(where);
    socket.on('error', () => {});
    socket.unref();
    connection = { where, socket };
  }
  return connection.socket;
}
