import { Liquid } from 'liquidjs';

/**
 * One engine for every template: an unknown variable or filter is an error, not an empty string,
 * and `include`/`render` find no files, so rendering reads nothing from disk.
 */
export const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  // `{% if task.x %}` and `{{ task.x | default: ... }}` may test an optional field.
  lenientIf: true,
  ownPropertyOnly: true,
  relativeReference: false,
  fs: {
    exists: async () => false,
    existsSync: () => false,
    readFile: async (file) => { throw new Error(`templates cannot include files (${file})`); },
    readFileSync: (file) => { throw new Error(`templates cannot include files (${file})`); },
    resolve: (_dir, file) => file,
  },
});
