import { isMap, isScalar, parseDocument } from 'yaml';
import { UserError, validateTaskId } from '@taskpod/core';

/**
 * Splits a `tasks:` map holding several tasks into one document per task, each keeping the original
 * shape (`tasks:` with one key, `template:` and the file's leading comment) and the comments inside
 * its task. Pure: text in, `{ id, text }` out; throws a UserError naming what is wrong.
 */
export function splitTaskFile(text: string, file: string): { id: string; text: string }[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new UserError(`${file}:${error.linePos?.[0]?.line ?? '?'}: malformed YAML: ${error.message.split('\n')[0]}`);
  }
  const tasks = isMap(doc.contents) ? doc.contents.get('tasks', true) : undefined;
  if (!isMap(tasks)) {
    throw new UserError(`${file} has no \`tasks:\` map to split.`, {
      expected: 'a file in the original shape: `tasks:` with one key per task id',
    });
  }
  const ids = tasks.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
  // Each key becomes the folder <dir>/<id>/: a key like `..` would write outside it and lose the source.
  const bad = tasks.items.flatMap((pair, i) => {
    const reason = validateTaskId(ids[i]!);
    const line = isScalar(pair.key) && pair.key.range ? lineOf(text, pair.key.range[0]) : '?';
    return reason ? [`${file}:${line}: id: ${reason}`] : [];
  });
  if (bad.length > 0) {
    throw new UserError(`${file}: every key under \`tasks:\` must be a valid task id; nothing was written.\n  ${bad.join('\n  ')}`);
  }
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) throw new UserError(`${file}: task id \`${duplicates[0]}\` appears twice under \`tasks:\`.`);
  return ids.map((id, index) => {
    const copy = doc.clone();
    const map = copy.get('tasks', true) as typeof tasks;
    // A comment above the first task belongs to that task, not to the others.
    if (index > 0) map.commentBefore = null;
    map.items = map.items.filter((_, i) => i === index);
    return { id, text: copy.toString() };
  });
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
