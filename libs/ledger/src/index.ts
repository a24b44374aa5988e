export type { LedgerEntry } from './build-ledger-entry';
export { readLogInputs } from './read-log-inputs';
export { logPatch } from './log-patch';
export type { LogInputs } from './build-ledger-entry';
