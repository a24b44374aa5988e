import { Liquid } from 'liquidjs';

/**
 * A Liquid engine whose `include`/`render` find no files, so rendering reads nothing from disk.
 * `strict`: an unknown variable or filter is an error, not an empty string.
 */
export function createLiquidEngine(strict: boolean): Liquid {
  return new Liquid({
    strictVariables: strict,
    strictFilters: strict,
    // `{% if task.x %}` and `{{ task.x | default: ... }}` may test an optional field.
    lenientIf: true,
    ownPropertyOnly: true,
    relativeReference: false,
    fs: {
      exists: async () => false,
      existsSync: () => false,
      readFile: async (file) => {
        throw new Error(`templates cannot include files (${file})`);
      },
      readFileSync: (file) => {
        throw new Error(`templates cannot include files (${file})`);
      },
      resolve: (_dir, file) => file,
    },
  });
}

/** The engine for taskpod's own templates: strict. */
export const liquid = createLiquidEngine(true);
