/**
 * Test fixture: a repository laid out like the original framework's `framework_full/` project
 * (ai-delivery-framework), written from scratch in its shapes: a root `task.yaml` backlog whose 31
 * tasks are a multi-task `tasks:` map with `instance_of`, beside 31 task templates
 * (`task_templates/<phase>/<folder>/task.yaml`, `template: true`, ids the same as or unlike the
 * backlog's), `template: true` memory files (one with a duplicate key, one with a glob live entry),
 * sibling prompt_template*.md/.txt files, the framework's status words and null dates, depends_on
 * naming template folders, outputs under .logs/ and metrics/, an id with a space and a slash, the
 * backlog tools that only edit task.yaml, and an empty task file. Returns workspace path -> content.
 */
export function frameworkFixture(): Record<string, string> {
  const files: Record<string, string> = {};
  const backlog: string[] = ['# The delivery backlog, as the framework keeps it: one map of tasks.', 'tasks:'];
  for (const t of TASKS) {
    const folder = `task_templates/${t.phaseDir}/${t.folder}`;
    const templateId = t.templateId ?? t.id;
    files[`${folder}/task.yaml`] = templateText(t, templateId);
    if (t.memory) files[`${folder}/memory.yaml`] = t.memory;
    for (const [name, text] of Object.entries(
      t.prompts ?? {
        'prompt_template.md': `### ${t.id}\nPOD MISSION: ${t.pod}\n\nDo the work of {{ task_id }}: {{ description }}\nRead: {{ inputs }}\n`,
      },
    ))
      files[`${folder}/${name}`] = text;
    backlog.push(...entryLines(t, `${folder}/task.yaml`));
  }
  files['task.yaml'] = `${backlog.join('\n')}\n`;
  files['task_templates/Cross-Phase/0.9_memory_search/task.yaml'] = '';
  files['task_templates/Cross-Phase/0.9_memory_search/search_memory_prompt.txt'] = 'Search memory.yaml for the files a task needs.\n';
  files['memory_stub.yaml'] = 'template: true\n\nproject_docs:\n  - path: docs/README.md\n    description: Where the project starts\n';
  files['docs/README.md'] = '# A delivery project\n';
  files['scripts/complete_task.sh'] = '#!/bin/sh\n# the framework completes a task by editing task.yaml\n';
  return files;
}

interface FixtureTask {
  phaseDir: string;
  folder: string;
  id: string;
  templateId?: string;
  phase: string;
  pod: string;
  category: string;
  status?: string;
  inputs?: string[];
  outputs: string[];
  dependsOn?: string[];
  memory?: string;
  prompts?: Record<string, string>;
  extra?: string[];
}

const live = (category: string, file: string, extra = '') =>
  `template: true\n\n${category}:\n  - path: ${file}\n    raw_url: https://raw.example.invalid/acme/delivery-app/main/${file}\n    repo: acme/delivery-app\n    file_type: markdown\n    description: ${category.replace(/_/g, ' ')}\n    pod_owner: Human\n${extra}`;

const TASKS: FixtureTask[] = [
  {
    phaseDir: 'Cross-Phase',
    folder: '0.1_update_task_metadata',
    id: '0.1_update_task_metadata',
    phase: 'Cross-Phase',
    pod: 'DeliveryPod',
    category: 'pm',
    outputs: ['task.yaml'],
    prompts: { 'prompt_template.txt': 'Edit the fields of task {task_id} in task.yaml.\n' },
  },
  {
    phaseDir: 'Cross-Phase',
    folder: '0.2_activate_task',
    id: '0.3_activate_task',
    phase: 'Cross Phase',
    pod: 'DeliveryPod',
    category: 'ops',
    inputs: ['task.yaml'],
    outputs: ['task.yaml', 'prompts/used/DeliveryPod/0.3_activate_task_prompt.txt'],
    prompts: { 'prompt_template.txt': 'Set {task_id} to in_progress and copy its prompt.\n' },
  },
  {
    phaseDir: 'Cross-Phase',
    folder: '0.3_clone_task',
    id: '0.3_clone_task',
    phase: 'Phase 0 - Cross-Phase',
    pod: 'DeliveryPod',
    category: 'delivery_ops',
    outputs: ['task.yaml'],
    prompts: {},
  },
  {
    phaseDir: 'Cross-Phase',
    folder: '0.4_create_new_task',
    id: '0.5_create_new_task',
    phase: 'Cross-Phase',
    pod: 'DeliveryPod',
    category: 'pm',
    outputs: ['task.yaml'],
    prompts: { 'prompt_template.txt': 'Add a task to task.yaml.\n' },
  },
  {
    phaseDir: 'Cross-Phase',
    folder: '0.5_index_memory',
    id: '0.5_index_memory',
    phase: 'Cross-Phase',
    pod: 'DevPod',
    category: 'infra',
    outputs: ['memory.yaml'],
    prompts: { 'index_memory_prompt.txt': 'Index the project files.\n' },
  },
  {
    phaseDir: 'Cross-Phase',
    folder: '0.7_add_to_memory',
    id: '0.7_add_to_memory',
    phase: 'Cross-Phase',
    pod: 'DevPod',
    category: 'infra',
    outputs: ['memory.yaml'],
    prompts: { 'add_to_memory_prompt.txt': 'Add files to memory.yaml.\n' },
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.1_capture_project_goals',
    id: '1.1_capture_project_goals',
    phase: 'Phase 1 - Discovery',
    pod: 'DevPod',
    category: 'discovery',
    inputs: ['docs/project_goals.md'],
    outputs: ['docs/project_goals.md'],
    memory: live('project_goals', 'docs/project_goals.md'),
    prompts: {
      'prompt_template_complex.md': 'The long version.\n',
      'prompt_template_simple.md':
        '### Capture project goals ({{ task_id }})\nSummarise what we build, for whom, and why: {{ description }}\nUnknown to taskpod: [{{ project_name }}]\n',
    },
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.2_define_user_flows',
    id: '1.2_define_user_and_delivery_flows',
    phase: 'Phase 1 - Discovery',
    pod: 'DevPod',
    category: 'discovery',
    inputs: ['docs/project_goals.md'],
    outputs: ['docs/personas/user_roles.md', 'docs/journeys/app_walkthrough.md'],
    dependsOn: ['1.1_capture_project_goals'],
    memory: live('user_roles', 'docs/personas/user_roles.md'),
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.3_decompose_features',
    id: '1.3_break_into_features',
    phase: 'Phase 1 - Discovery',
    pod: 'DevPod',
    category: 'discovery',
    status: 'up next',
    inputs: ['docs/project_goals.md', 'docs/personas/user_roles.md'],
    outputs: ['docs/features/feature_*.md'],
    dependsOn: ['1.2_define_user_and_delivery_flows'],
    memory:
      'template: true\n\nuser_roles:\n  - path: docs/personas/old_roles.md\nproject_goals:\n  - path: docs/project_goals.md\nuser_roles:\n  - path: docs/personas/user_roles.md\n    description: the one PyYAML keeps\n',
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.4_write_acceptance_criteria',
    id: '1.4_write_acceptance_criteria',
    phase: 'Phase 1 - Discovery',
    pod: 'QAPod',
    category: 'qa',
    inputs: ['docs/features/feature_*.md'],
    outputs: ['docs/qa/acceptance_matrix.md'],
    dependsOn: ['1.3_break_into_features'],
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.5_research_spikes',
    id: '1.5_research_spikes',
    phase: 'Phase 1 - Discovery',
    pod: 'ResearchPod',
    category: 'research',
    status: 'pending',
    inputs: ['docs/project_goals.md'],
    outputs: ['docs/research/spikes/spike_*.md'],
    memory: live('research_spikes', 'docs/research/spikes/spike_*.md'),
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.6_define_architecture',
    id: '1.6_define_architecture_and_standards',
    phase: 'Phase 1 - Discovery',
    pod: 'DevPod',
    category: 'architecture',
    inputs: ['docs/research/spikes/spike_*.md'],
    outputs: ['docs/architecture/solution_overview.md'],
    dependsOn: ['1.2_define_user_and_delivery_flows', '1.3_break_into_features'],
  },
  {
    phaseDir: 'Phase1_discovery',
    folder: '1.7_summarize_feedback',
    id: '1.7_feedback_summary',
    phase: 'Phase 1 - Discovery',
    pod: 'Human',
    category: 'feedback',
    inputs: ['.logs/feedback/*.md'],
    outputs: ['.logs/feedback/1.7_feedback_summary.md', 'docs/feedback/phase1_summary.md'],
    prompts: {},
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.1_design_feature',
    id: '2.1_design_feature_and_tech_spec',
    phase: 'Phase 2 - Development',
    pod: 'DevPod',
    category: 'dev',
    inputs: ['docs/features/feature_list.md'],
    outputs: ['docs/specs/spec_<feature_id>.md'],
    dependsOn: ['1.3_break_into_features', '1.6_define_architecture_and_standards'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.2_build_feature',
    id: '2.2_build_and_patch',
    phase: 'Phase 2 - Development',
    pod: 'DevPod',
    category: 'dev',
    inputs: ['docs/specs/spec_<feature_id>.md'],
    outputs: ['src/feature_<feature_id>/**/*', '.patches/patch_<timestamp>.diff'],
    dependsOn: ['2.1_design_feature_and_tech_spec'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.3_QA_feature',
    id: '2.3_qa_review_feature',
    phase: 'Phase 2 - Development',
    pod: 'QAPod',
    category: 'dev',
    inputs: ['src/feature_<feature_id>/**/*'],
    outputs: ['test/feature_<feature_id>/qa_test_results.md'],
    dependsOn: ['2.2_build_and_patch', '1.4_write_acceptance_criteria'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.4a_fix_bugs',
    id: '2.4a_fix_bugs_from_qa',
    phase: 'Phase 2 - Development',
    pod: 'DevPod',
    category: 'dev',
    inputs: ['test/feature_<feature_id>/qa_test_results.md'],
    outputs: ['src/feature_<feature_id>/**/*'],
    dependsOn: ['2.3_QA_feature'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.4b_retest_fixes',
    id: '2.4b_retest_after_fixes',
    phase: 'Phase 2 - Development',
    pod: 'QAPod',
    category: 'qa',
    outputs: ['test/feature_<feature_id>/qa_retest.md'],
    dependsOn: ['2.4a_fix_bugs_from_qa'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.5_research_support',
    id: '2.5 research/assist',
    templateId: '2.5 research/assist',
    phase: 'Phase 2 - Development',
    pod: 'ResearchPod',
    category: 'research',
    outputs: ['docs/research/spikes/<topic>.md'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.6_run_agile',
    id: '2.7_agile_metrics',
    phase: 'Phase 2 - Development',
    pod: 'WoWPod',
    category: 'wow',
    inputs: ['metrics/metrics.yaml'],
    outputs: ['metrics/velocity.md', 'metrics/burndown.md', 'docs/rituals/retrospective.md'],
    dependsOn: ['2.5 research/assist'],
  },
  {
    phaseDir: 'Phase2_development',
    folder: '2.7_prep_deploy_guide',
    id: '2.8_prepare_deployment_guide',
    phase: 'Phase 2 - Development',
    pod: 'DevPod',
    category: 'dev',
    outputs: ['docs/deployment/deployment_guide.md'],
  },
  {
    phaseDir: 'Phase3_e2e_test',
    folder: '3.1_e2e_test_plan',
    id: '3.1_define_e2e_test_plan',
    phase: 'Phase 3 - E2E Testing',
    pod: 'QAPod',
    category: 'qa',
    status: 'planned',
    outputs: ['test/e2e/e2e_test_plan.md'],
    dependsOn: ['1.4_write_acceptance_criteria'],
  },
  {
    phaseDir: 'Phase3_e2e_test',
    folder: '3.2_e2e_test_execution',
    id: '3.2_execute_e2e_scenarios',
    phase: 'Phase 3 - E2E Testing',
    pod: 'QAPod',
    category: 'qa',
    outputs: ['test/e2e/e2e_test_results.md'],
    dependsOn: ['3.1_define_e2e_test_plan'],
  },
  {
    phaseDir: 'Phase3_e2e_test',
    folder: '3.3_e2e_fix_bugs',
    id: '3.3_fix_bugs_e2e',
    phase: 'Phase 3 - E2E Testing',
    pod: 'DevPod',
    category: 'dev',
    outputs: ['src/**/*'],
    dependsOn: ['3.2_e2e_test_execution'],
  },
  {
    phaseDir: 'Phase3_e2e_test',
    folder: '3.4_e2e_demo',
    id: '3.4_coordinate_e2e_demo',
    phase: 'Phase 3 - E2E Testing',
    pod: 'WoWPod',
    category: 'wow',
    status: 'todo',
    outputs: ['docs/reviews/e2e_review_notes.md'],
  },
  {
    phaseDir: 'Phase3_e2e_test',
    folder: '3.5_e2e_report',
    id: '3.5_finalize_quality_metrics',
    phase: 'Phase 3 - E2E Testing',
    pod: 'DeliveryPod',
    category: 'delivery',
    inputs: ['metrics/metrics.yaml'],
    outputs: ['metrics/final_quality_summary.md'],
  },
  {
    phaseDir: 'Phase4_go-live',
    folder: '4.1_cutover_plan',
    id: '4.1_create_cutover_plan',
    phase: 'Phase 4 - Go Live',
    pod: 'DeliveryPod',
    category: 'release',
    outputs: ['docs/release/cutover_checklist.md'],
  },
  {
    phaseDir: 'Phase4_go-live',
    folder: '4.2_smoke_test',
    id: '4.2_final_smoke_tests',
    phase: 'Phase 4 - Go Live',
    pod: 'QAPod',
    category: 'qa',
    outputs: ['test/smoke/smoke_test_results.md'],
  },
  {
    phaseDir: 'Phase4_go-live',
    folder: '4.3_deploy_prod',
    id: '4.3_go_live_deployment',
    phase: 'Phase 4 - Go Live',
    pod: 'DevPod',
    category: 'release',
    outputs: ['.logs/deployments/go_live_log.md'],
    memory: live('go_live', '.logs/deployments/go_live_log.md'),
  },
  {
    phaseDir: 'Phase4_go-live',
    folder: '4.4_communicate_transition',
    id: '4.4_announce_go_live',
    phase: 'Phase 4 - Go Live',
    pod: 'Human',
    category: 'release',
    inputs: ['.logs/deployments/go_live_log.md'],
    outputs: ['docs/release/release_announcement.md'],
  },
  {
    phaseDir: 'Phase4_go-live',
    folder: '4.5_retro_stabilize',
    id: '4.5_go_live_retro',
    phase: 'Phase 4 - Go Live',
    pod: 'WoWPod',
    category: 'wow',
    status: 'unassigned',
    outputs: ['docs/rituals/go_live_retro.md'],
    extra: ['updated_at: null'],
  },
];

const list = (key: string, items: string[] | undefined, indent: string, itemIndent = indent) =>
  items === undefined
    ? []
    : items.length === 0
      ? [`${indent}${key}: []`]
      : [`${indent}${key}:`, ...items.map((i) => `${itemIndent}- ${i}`)];
const quote = (id: string) => (/^[A-Za-z0-9._-]+$/.test(id) ? id : JSON.stringify(id));

/** A template: `template: true`, one task keyed by its id, status pending, the framework's prompt path. */
function templateText(t: FixtureTask, id: string): string {
  return [
    'template: true',
    '',
    'tasks:',
    `  ${quote(id)}:`,
    `    description: ${t.folder.replace(/^[\d.ab]+_/, '').replace(/_/g, ' ')} (template)`,
    `    phase: ${t.phase}`,
    `    category: ${t.category}`,
    `    pod_owner: ${t.pod}`,
    '    status: pending',
    `    prompt: prompts/${t.pod.toLowerCase()}/${t.folder}.txt`,
    ...list('inputs', t.inputs, '    ', '      '),
    ...list('outputs', t.outputs, '    ', '      '),
    '    ready: true',
    '    done: false',
    '    created_by: human',
    '    created_at: 2025-04-22T12:00:00',
    '    updated_at: 2025-04-22T12:00:00',
    '',
  ].join('\n');
}

/** A backlog entry as the framework's tools write it: status backlog with ready: true, quoted timestamps, instance_of. */
function entryLines(t: FixtureTask, templateFile: string): string[] {
  return [
    `  ${quote(t.id)}:`,
    `    description: ${t.folder.replace(/^[\d.ab]+_/, '').replace(/_/g, ' ')}`,
    `    phase: ${t.phase}`,
    `    category: ${t.category}`,
    `    pod_owner: ${t.pod}`,
    `    status: ${t.status ?? 'backlog'}  # the framework's tools rewrite this`,
    `    prompt: prompts/${t.pod.toLowerCase()}/${t.id.replace(/[ /]/g, '_')}.txt`,
    ...list('inputs', t.inputs, '    '),
    ...list('outputs', t.outputs, '    '),
    ...(t.dependsOn ? [`    depends_on: [${t.dependsOn.map((d) => JSON.stringify(d)).join(', ')}]`] : []),
    `    feedback_file: .logs/feedback/${t.id.replace(/[ /]/g, '_')}.md`,
    '    ready: true',
    '    done: false',
    '    created_by: human',
    "    created_at: '2025-04-26T23:06:52.838763'",
    '    assigned_to: unassigned',
    `    instance_of: ${templateFile}`,
    ...(t.extra ?? ["    updated_at: '2025-04-26T23:06:52.838770'"]).map((l) => (l.startsWith('    ') ? l : `    ${l}`)),
  ];
}

/** The 31 backlog ids as written (one has a space and a slash, which import maps). */
export const FRAMEWORK_FIXTURE_IDS = TASKS.map((t) => t.id);
