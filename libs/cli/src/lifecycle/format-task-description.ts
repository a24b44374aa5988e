import type { Colors } from '../format-table';
import type { TaskDescription } from './describe-task';

/** Fields shown in their own lines; every other field as written is listed after them. */
const SHOWN = new Set([
  'id',
  'description',
  'title',
  'phase',
  'pod',
  'pod_owner',
  'status',
  'ready',
  'done',
  'priority',
  'created_at',
  'updated_at',
  'prompt',
  'memory',
  'inputs',
  'outputs',
  'depends_on',
  'provider',
  'model',
]);

/** `taskpod show` for a person: the fields, then why it waits, then what the steps recorded. */
export function formatTaskDescription(d: TaskDescription, colors: Colors): string {
  const list = (items: readonly string[]) => (items.length ? items.join(', ') : '-');
  const row = (label: string, value: string) => `  ${label.padEnd(11)}${value}`;
  const other = Object.entries(d.fields).filter(([key]) => !SHOWN.has(key));
  const lines = [
    `${colors.bold(d.id)}  ${d.status}  ${colors.dim(`${d.file}:${d.line}`)}`,
    d.description,
    '',
    row('phase', phaseText(d)),
    row('pod', d.pod ?? '-'),
    row('priority', d.priority),
    row('created', d.created_at ?? '-'),
    row('updated', d.updated_at ?? '-'),
    row('prompt', d.prompt ?? '(built-in template)'),
    row('provider', [d.provider, d.model].filter(Boolean).join(' ') || '(pod or workspace default)'),
    row('memory', list(d.memory)),
    row('inputs', list(d.inputs)),
    row('outputs', list(d.outputs)),
    row('depends on', list(d.depends_on)),
    ...other.map(([key, value]) => row(key, typeof value === 'string' ? value : JSON.stringify(value))),
    '',
    `State: ${state(d, colors)}`,
    ...records(d),
  ];
  return lines.join('\n');
}

/** `2`, `2 (Phase 2 - Build)`, or `- (Cross-Phase)` for a phase without a number. */
function phaseText(d: TaskDescription): string {
  const number = d.phase === null ? '-' : String(d.phase);
  return d.phase_label && d.phase_label !== number ? `${number} (${d.phase_label})` : number;
}

function state(d: TaskDescription, colors: Colors): string {
  const b = d.blocked_by;
  const why = [
    ...(b.depends_on.length ? [`waits for ${b.depends_on.map((x) => `${x.id} (${x.status ?? 'unknown'})`).join(', ')} to be done`] : []),
    ...(b.phase_barrier.length ? [`phase barrier: ${shortList(b.phase_barrier)} of earlier phases not done`] : []),
  ];
  const overlap = b.outputs.length
    ? [`runs after ${b.outputs.map((x) => `${x.id} (both write ${x.path})`).join(', ')}, never at the same time`]
    : [];
  if (d.status === 'done') return colors.green('done');
  if (b.actionable) return [colors.green('actionable: `taskpod next` may offer it'), ...overlap].join('; ');
  if (d.status === 'ready') return [colors.yellow(`blocked: ${why.join('; ')}`), ...overlap].join('; ');
  return [colors.yellow(`not offered by \`taskpod next\`: status ${d.status}`), ...why, ...overlap].join('; ');
}

function records(d: TaskDescription): string[] {
  const cost = (usd: number | null) => (usd === null ? 'cost unknown' : `$${usd.toFixed(4)}`);
  const out: string[] = [];
  const run = d.last_run;
  if (run)
    out.push(
      `Last run:  ${run.provider} ${run.model}, ${run.tokens_in}+${run.tokens_out} tokens, ${cost(run.cost_usd)}, ${run.from_store ? 'from the reply store (no model call)' : 'a model call'}, ${run.started_at}`,
    );
  else out.push('Last run:  none');
  for (const e of d.logged)
    out.push(
      `Logged:    ${e.logged_at} ${e.patch_file}, ${e.model ?? '-'}, ${e.tokens_in}+${e.tokens_out} tokens, ${cost(e.cost_usd)}${e.undone_at ? ` (undone ${e.undone_at})` : ''}`,
    );
  if (d.patch)
    out.push(
      `Patch:     ${d.patch.diff} (${d.patch.files} file${d.patch.files === 1 ? '' : 's'}, +${d.patch.insertions} -${d.patch.deletions}${d.patch.source ? `, from ${d.patch.source}` : ''})`,
    );
  if (d.apply) {
    const pr = d.apply.pr_url ? `, PR ${d.apply.pr_url}` : ', no PR';
    out.push(
      `Applied:   ${d.apply.mode === 'current' ? 'onto' : 'on'} ${d.apply.branch}, commit ${d.apply.commit.slice(0, 12)}${d.apply.pushed ? ', pushed' : ', not pushed'}${pr}`,
    );
  }
  if (d.failure) out.push(`Failed:    ${d.failure.target} at ${d.failure.at}: ${d.failure.message.split('\n')[0]}`);
  out.push(
    `Feedback:  ${d.feedback.exists ? `${d.feedback.file}${d.feedback.human ? ', with human feedback the next run reads:' : ', no human feedback yet'}` : 'none'}`,
  );
  if (d.feedback.human) out.push(...d.feedback.human.split('\n').map((l) => `  | ${l}`.trimEnd()));
  for (const b of d.budget ?? [])
    out.push(`Budget:    ${b.budget}: $${b.left_usd.toFixed(4)} left of $${b.limit_usd.toFixed(4)} ($${b.spent_usd.toFixed(4)} spent)`);
  return out;
}

/** At most five ids, then a count, so a phase of thousands stays one line. */
function shortList(ids: readonly string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
}
