import patchExecutor from './patch';
import { batchOf } from './run-target-batch';

/** `patch` for a whole Nx batch in one process (see batchOf). */
export default batchOf(patchExecutor);
