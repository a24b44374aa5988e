export { branchTip, isAncestor, remoteUrl, resolveRevision, setBranch } from './refs';
export { totalsOf } from './parse-diff-summary';
export { diffInIsolatedIndex, type DiffResult } from './diff-in-isolated-index';
export { diffStaged } from './diff-staged';
export { checkoutIndex, withScratchIndex, withTemporaryWorktree, type Scratch } from './worktree';
export { addFilesToIndex, applyPatch3way } from './apply-patch';
export { commitTree, writeTree } from './commit';
export { pushBranch } from './push';
export { fastForward, uncommittedPaths } from './status';
