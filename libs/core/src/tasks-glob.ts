import picomatch from 'picomatch';

/** Whether `tasksGlob` finds a task file at workspace path `rel`, so a new file is not written where no command looks. */
export function matchesTasksGlob(tasksGlob: string, rel: string): boolean {
  return picomatch(tasksGlob)(rel);
}

/** The folder a tasks glob starts in (`task_templates` for `task_templates/**\/task.yaml`), or `.`. */
export function tasksGlobBase(tasksGlob: string): string {
  return picomatch.scan(tasksGlob).base || '.';
}
