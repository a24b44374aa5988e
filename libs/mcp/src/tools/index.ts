import type { ToolEntry } from '../define-tool';
import { addTaskTool } from './add-task';
import { applyTaskTool } from './apply-task';
import { listTasksTool } from './list-tasks';
import { logTaskTool } from './log-task';
import { makePatchTool } from './make-patch';
import { nextTaskTool } from './next-task';
import { renderPromptTool } from './render-prompt';
import { reopenTaskTool } from './reopen-task';
import { searchMemoryTool } from './search-memory';
import { setStatusTool } from './set-status';
import { showTaskTool } from './show-task';
import { submitWorkTool } from './submit-work';
import { undoTaskTool } from './undo-task';

/**
 * Every tool `taskpod mcp` serves, in the order tools/list gives them (the loop an agent walks, then
 * the lookups). A new tool is one file in this folder made with defineTool, and one line here.
 */
export const TOOLS: readonly ToolEntry[] = [
  nextTaskTool,
  renderPromptTool,
  submitWorkTool,
  makePatchTool,
  applyTaskTool,
  logTaskTool,
  listTasksTool,
  showTaskTool,
  searchMemoryTool,
  setStatusTool,
  reopenTaskTool,
  addTaskTool,
  undoTaskTool,
];
