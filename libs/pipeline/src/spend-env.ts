/**
 * What `taskpod run` hands every step through Nx, in the environment: one id per run (its paid
 * calls are tagged with it) and `--max-cost`, the cap on their sum. A module of its own, importing
 * nothing, so the CLI can name them without loading the pipeline.
 */
export const RUN_ID_ENV = 'TASKPOD_RUN_ID';
export const MAX_COST_ENV = 'TASKPOD_MAX_COST';
