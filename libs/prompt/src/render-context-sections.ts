import type { PromptContext } from './build-prompt-context';

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
function fence(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}\n${content}${content.endsWith('\n') ? '' : '\n'}${f}`;
}

/**
 * The context sections the request carries, skipping those the template already placed itself
 * (it referenced the variable), so a template decides where context goes without losing any.
 */
export function contextSections(context: PromptContext, usedByTemplate: Set<string>): string[] {
  const sections: string[] = [];
  const want = (name: string) => !usedByTemplate.has(name);
  if (want('memory') && context.memory.length > 0) {
    const index = context.memory.map((m) => {
      const where = m.repo ? `${m.repo}:${m.path}${m.ref ? `@${m.ref}` : ''}` : m.path;
      const line = `- ${where}${m.description ? `: ${m.description}` : ''}${m.tags.length ? ` [${m.tags.join(', ')}]` : ''}`;
      return m.content ? `${line}\n${fence(m.content)}` : line;
    });
    sections.push(`## Memory\n${index.join('\n')}`);
  }
  if (want('inputs') && context.inputs.length > 0) {
    sections.push(`## Inputs\n${context.inputs.map((f) => `### ${f.path}\n${fence(f.content)}`).join('\n\n')}`);
  }
  if (want('upstream') && context.upstream.length > 0) {
    sections.push(
      `## Outputs of upstream tasks\n${context.upstream.map((f) => `### ${f.path} (from task ${f.task})\n${fence(f.content)}`).join('\n\n')}`,
    );
  }
  if (want('github') && context.github.length > 0) {
    sections.push(
      `## Live memory from GitHub\n${context.github.map((f) => `### ${f.repo}:${f.path}${f.ref ? `@${f.ref}` : ''}\n${fence(f.content)}`).join('\n\n')}`,
    );
  }
  if (want('feedback') && context.feedback) sections.push(`## Feedback on earlier runs\n${context.feedback.trim()}`);
  if (want('notes') && context.notes.length > 0) sections.push(`## Notes\n${context.notes.map((n) => `- ${n}`).join('\n')}`);
  if (context.context_note) sections.push(`## Note\n${context.context_note}`);
  return sections;
}
