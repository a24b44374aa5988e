import applyExecutor from './apply';
import { batchOf } from './run-target-batch';

/** `apply` for a whole Nx batch in one process (see batchOf); `--into current` ones one at a time, as they share the checkout. */
export default batchOf(applyExecutor, (options) => options.into === 'current');
