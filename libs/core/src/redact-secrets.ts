/**
 * The one redaction rule for everything taskpod prints or records: error messages, a subprocess's
 * output kept in an error, run records, patch sidecars and log rows. It removes
 * - the password part of a URL (`https://user:pass@host` → `https://***@host`),
 * - the value of a secret-looking query parameter (`?api-key=…`, `&token=…`, `sig`, `password`, ...),
 * - the value of every environment variable whose name looks secret (see isSecretEnvName).
 */

/** Shorter values are left alone: replacing `dev` or `1` everywhere would mangle the text. */
export const MIN_SECRET_LENGTH = 6;

/** `*_KEY`, `*_TOKEN`, `*_SECRET`, `*_PAT`, `*PASSWORD*`, `OPENAI_API_KEY`, `GITHUB_TOKEN`: names whose values are credentials. */
export function isSecretEnvName(name: string): boolean {
  return /(?:_KEY|_TOKEN|_SECRET|_PAT)$|PASSWORD|^(?:OPENAI_API_KEY|GITHUB_TOKEN)$/i.test(name);
}

/** `scheme://userinfo@`: the userinfo ends at the first `@` before any `/`, `?`, `#`, quote or space. */
const USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^/?#@\s"'<>]+@/gi;
/**
 * A query parameter named key, token, secret, password, sig or signature, alone or as a suffix
 * (`api-key`, `access_token`). The value ends before `&`, `#`, a space, a quote or a bracket, and a
 * closing `.`, `,`, `;` or `:` stays, so the sentence around a URL survives.
 */
const SECRET_PARAM =
  /([?&](?:[a-z0-9]*[-_])*(?:key|apikey|token|secret|password|sig|signature)=)(?:[^&#\s"'<>()[\]]*[^&#\s"'<>()[\].,;:])/gi;

/** A URL (or any text holding URLs) without credentials: userinfo and secret query values become `***`. */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, '$1***@').replace(SECRET_PARAM, '$1***');
}

/** Every value of a secret-looking variable in `env`, longest first (so a value inside another goes too). */
export function secretValues(env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < MIN_SECRET_LENGTH || !isSecretEnvName(name)) continue;
    values.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) values.add(encoded);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Text with every secret the environment holds, and every credential in a URL, replaced by `***`. */
export function redactSecrets(text: string, env: Record<string, string | undefined> = process.env): string {
  return redactValues(text, secretValues(env));
}

/** A record (run.json, a sidecar, a ledger entry) with redactSecrets applied to every string in it. */
export function redactSecretsIn<T>(value: T, env: Record<string, string | undefined> = process.env): T {
  const values = secretValues(env);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactValues(v, values);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function redactValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join('***');
  return redactUrl(out);
}
