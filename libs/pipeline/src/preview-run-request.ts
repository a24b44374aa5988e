import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { type Task, readTaskMemory, replyPath } from '@taskpod/core';
import { type BuildRunRequestOptions, type RunRequest, buildRunRequest } from './build-run-request';
import type { StepContext } from './step-context';

/** The request `run` would send, as `taskpod prompt` shows it. */
export interface RunRequestPreview extends RunRequest {
  /** Live GitHub memory was listed, not fetched, because GITHUB_TOKEN is not set (run needs it). */
  listedWithoutToken: boolean;
  /** The reply store answers this request: run would call no model. */
  inStore: boolean;
}

/**
 * buildRunRequest for a preview: a preview needs no token, so without one live memory is listed
 * only (as with `offline`), and the caller is told so. Calls no model.
 */
export async function previewRunRequest(ctx: StepContext, task: Task, options: BuildRunRequestOptions = {}): Promise<RunRequestPreview> {
  const listedWithoutToken =
    options.offline !== true && !ctx.env.GITHUB_TOKEN && (await readTaskMemory(ctx.root, task)).some((entry) => entry.repo);
  const built = await buildRunRequest(ctx, task, { ...options, offline: options.offline === true || listedWithoutToken });
  return { ...built, listedWithoutToken, inStore: existsSync(path.join(ctx.root, replyPath(built.key))) };
}
