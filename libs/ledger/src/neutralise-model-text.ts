/**
 * Line breaks of every kind a reader might honour: CRLF, CR, LF, vertical tab, form feed, NEL,
 * and the Unicode line and paragraph separators.
 */
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;

/**
 * Text a model (or agent) wrote, made safe to put in a Markdown file a person edits: every kind of
 * line break becomes `\n`, and a `#` that would start a heading is escaped, so nothing the model
 * says can become a heading, least of all "## Human feedback".
 */
export function neutraliseModelText(text: string): string {
  return text
    .replace(LINE_BREAKS, '\n')
    .split('\n')
    .map((line) => line.replace(/^([ \t]*)#/, '$1\\#'))
    .join('\n');
}

/** Model text for inside one line (a file path in a list): every line break becomes a space. */
export function neutraliseInlineModelText(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}
