import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: valid task and memory files are read by js-yaml
 * (loadYamlFast), and loading `yaml` would slow the start of every process (the Nx plugin, each
 * batch, every CLI command; tools/bench/next-bench.mjs). Its Document path runs only for a file with a problem or an odd shape.
 */
export function yamlLib(): typeof Yaml {
  return (lib ??= require('yaml') as typeof Yaml);
}
