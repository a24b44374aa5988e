// `@taskpod/core/records`: every record the steps write under `.patches/` (docs/file-formats.md),
// read, checked and written in one place. Readers return null for a record not written yet; a broken
// one is a UserError naming the file and the field.
export { readApplyRecord, writeApplyRecord } from './apply-record';
export { clearClaimedRecord, readClaimedRecord, writeClaimedRecord } from './claimed-record';
export { clearFailureRecord, readFailureRecord, writeFailureRecord } from './failure-record';
export { readLatestPatch, writePatch } from './patch-files';
export { readPatchPointer, type PatchPointer } from './patch-pointer';
export { readPatchTreeRecord, writePatchTreeRecord, type PatchTreeRecord } from './patch-tree-record';
export { readRunRecord, writeRunRecord } from './run-record';
export { readSidecar } from './sidecar';
export { readUndoRecord, removeApplyRecord, writeUndoRecord, type UndoRecord } from './undo-record';
