type Tree = { [key: string]: unknown };
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The app's dictionary of one language: the shell's texts with each module's merged in, subtree by
 * subtree (a module may add `nav.people` beside the shell's `nav.dashboard`). A key that two of them
 * define is a mistake and stops the app at start rather than showing one text silently.
 */
export function composeStrings(shell: object, bundles: readonly object[]): Tree {
  const merge = (into: Tree, from: Tree, at: string) => {
    for (const [k, v] of Object.entries(from)) {
      const path = at ? `${at}.${k}` : k;
      if (isTree(v) && isTree(into[k])) merge(into[k] as Tree, v, path);
      else if (k in into) throw new Error(`i18n: the key “${path}” is defined twice`);
      else into[k] = isTree(v) ? merge({}, v, path) : v;
    }
    return into;
  };
  return bundles.reduce<Tree>((all, b) => merge(all, b as Tree, ''), merge({}, shell as Tree, ''));
}
