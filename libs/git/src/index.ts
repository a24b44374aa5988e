export { runGitResult, type GitContext, type GitEnv } from './run-git';
export { withAgentWorktree, type AgentWorktree } from './agent-worktree';
export { branchTip, branchTips, isAncestor, remoteUrl, resolveRevision, setBranch } from './refs';
export { totalsOf } from './parse-diff-summary';
export { diffInIsolatedIndex, type DiffResult } from './diff-in-isolated-index';
export { diffStaged } from './diff-staged';
export { checkoutIndex, indexFileOf, withScratchIndex, withTemporaryWorktree, type Scratch } from './worktree';
export { addFilesToIndex, applyPatch3way } from './apply-patch';
export { commitTree, readTrailersSince, writeTree, type CommitMessageInput } from './commit';
export { createCommitWriter, type CommitWriter } from './commit-writer';
export { createTreeBuilder, type TreeBuilder } from './tree-builder';
export type { TreeChange } from './tree-with-changes';
export { moveBranches, type BranchMove } from './move-branches';
export { pushBranch } from './push';
export { uncommittedPaths } from './status';
export { advanceCheckout, updateCheckout } from './advance-checkout';
export { CHECKOUT_LOCK, withCheckoutLock } from './with-checkout-lock';
export { mergeBranches, type MergeOutcome } from './merge-branches';
export { independentCommits, readCommitsBeyond, readRefs, type CommitSummary } from './stack-reads';
export { deleteRemoteBranch, fetchCommitOf, pushCommitTo, remoteBranchTip } from './remote-branch';
export { deleteBranch } from './delete-branch';
export { commitSubject, commitsAbove, type CommitInfo } from './commits-above';
export { buildRevertCommit, filesChangedBy, findRevertOf, revertLine, type RevertOutcome } from './revert-commit';
export {
  gitCommonDir,
  readLocalRef,
  readNoteFile,
  readNoteMessage,
  readNoteMessagesUnder,
  setLocalRef,
  writeNoteCommit,
} from './note-commits';
export {
  fetchRefsCoalesced,
  pushRefLeaseCoalesced,
  pushRefLeaseLingering,
  pushRefLeases,
  type LeaseOutcome,
  type RefLease,
} from './ref-leases';
export { configureMergeDriver, type MergeDriver } from './merge-driver';
