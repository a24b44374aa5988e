import runExecutor from './run';
import { batchOf } from './run-target-batch';

/** `run` for a whole Nx batch in one process (see batchOf). */
export default batchOf(runExecutor);
