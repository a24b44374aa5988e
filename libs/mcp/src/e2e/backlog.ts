/** A small backlog for the MCP tests: a docs task with memory and an input, and a task waiting on it. */
export const BACKLOG: Record<string, string> = {
  'task_templates/doc-1/task.yaml': [
    'id: DOC-1',
    'description: Write the shortlink spec',
    'status: ready',
    'phase: 1',
    'pod: DocPod',
    'priority: high',
    'inputs: [src/shortlink.js]',
    'outputs: [docs/*.md]',
    '',
  ].join('\n'),
  'task_templates/ops-2/task.yaml': [
    'id: OPS-2',
    'description: Deploy the shortlink service',
    'status: ready',
    'phase: 2',
    'pod: OpsPod',
    'depends_on: [DOC-1]',
    'outputs: [deploy/*.yaml]',
    '',
  ].join('\n'),
  'memory/memory.yaml': [
    '- path: docs/style.md',
    '  description: House style for docs',
    '  tags: [docs, style]',
    '  pod_owner: DocPod',
    '- path: src/shortlink.js',
    '  description: The shortlink service',
    '  tags: [code]',
    '',
  ].join('\n'),
  'docs/style.md': '# Style\n\nShort sentences.\n',
  'src/shortlink.js': 'export const shorten = (url) => url.slice(0, 8);\n',
};

/** The work handed in: the same reply a model (or the shell agent of `taskpod run`) gives. */
export const WORK = {
  summary: 'Write the shortlink spec',
  files: [{ path: 'docs/spec.md', content: '# Shortlink\n\nShortens a URL to 8 characters.\n' }],
  handoff: 'OpsPod: the service has no config yet.',
};
