import type { Issue } from './errors';

/**
 * The issue for YAML that parses but cannot become data: aliases that expand past `yaml`'s cap
 * (maxAliasCount, 100: the "billion laughs" shape) or an alias with no anchor before it. `yaml`
 * throws a bare ReferenceError from `toJS` for both; this names the file instead. Undefined for any
 * other error, which is then a real bug and is rethrown.
 */
export function yamlToJsIssue(error: unknown, file: string): Issue | undefined {
  if (!(error instanceof ReferenceError)) return undefined;
  if (/alias count/i.test(error.message)) {
    return {
      file,
      message:
        'its YAML aliases (`*name`) expand to too many nodes, as an alias bomb does; write the repeated values out or use fewer aliases',
    };
  }
  if (/alias/i.test(error.message)) return { file, message: `malformed YAML: ${error.message}` };
  return undefined;
}
