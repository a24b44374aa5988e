import logExecutor from './log';
import { batchOf } from './run-target-batch';

/** `log` for a whole Nx batch in one process (see batchOf). */
export default batchOf(logExecutor);
