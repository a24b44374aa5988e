/** The instructions used when a task names no prompt template. */
export const DEFAULT_TEMPLATE = `You are working as {{ pod | default: "the assigned pod" }} on task {{ task.id }}.
Complete the task described above. Use the memory, inputs and upstream outputs below as context.
Write every file the task needs, each with its complete content, and only at paths that match the
declared outputs. Keep the summary to one or two sentences.
`;

export const DEFAULT_TEMPLATE_PATH = '(built-in template)';
