import { resolveStatusWord, type StatusAliases } from './status-aliases';

/** What the parsers need to read the framework's words; the plugin options' `statusAliases`. */
export interface ParseTaskOptions {
  statusAliases?: StatusAliases;
}

/**
 * A task's own map as taskpod reads it (docs/file-formats.md, "The framework's files"): a status word of the framework
 * or of `statusAliases` becomes its taskpod status, `created_at: null` / `updated_at: null` are absent,
 * and `template_outputs` stands for `outputs` when there is none. An unknown status word is taken out
 * and returned, so buildTask reports it with every known word (the schema's enum knows only taskpod's).
 * Both parse paths call this before the schema check, so they agree. The input is never changed.
 */
export function canonicalTaskFields(
  raw: Record<string, unknown>,
  options: ParseTaskOptions = {},
): { fields: Record<string, unknown>; unknownStatus?: string } {
  let fields = raw;
  const edit = () => (fields === raw ? (fields = { ...raw }) : fields);
  let unknownStatus: string | undefined;
  if (typeof raw.status === 'string') {
    const status = resolveStatusWord(raw.status, options.statusAliases);
    if (status === undefined) {
      unknownStatus = raw.status;
      delete edit().status;
    } else if (status !== raw.status) edit().status = status;
  }
  for (const key of ['created_at', 'updated_at'] as const) if (key in raw && raw[key] === null) delete edit()[key];
  if ((raw.outputs === undefined || raw.outputs === null) && raw.template_outputs !== undefined && raw.template_outputs !== null) {
    edit().outputs = raw.template_outputs;
  }
  return unknownStatus === undefined ? { fields } : { fields, unknownStatus };
}
