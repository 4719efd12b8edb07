// One custom-elements manifest for Storybook's controls and docs, merged from every built manifest under
// packages/*/dist: each widget package's own (declared by "customElements" in its package.json) first, then the
// rest (@tori/embed's, which also describes <tori-space>). A new widget package is picked up when it is built.
type Member = { name: string; privacy?: string; static?: boolean };
type Declaration = { tagName?: string; customElement?: boolean; members?: Member[] };
type Module = { path: string; declarations?: Declaration[] };
type Manifest = { schemaVersion: string; modules: Module[] };

const packageJsons = import.meta.glob<{ customElements?: string }>('../packages/*/package.json', { eager: true, import: 'default' });
const manifests = import.meta.glob<Manifest>('../packages/*/dist/custom-elements.json', { eager: true, import: 'default' });

const packageOf = (path: string) => path.split('/')[2];
const isWidget = (path: string) => Boolean(packageJsons[`../packages/${packageOf(path)}/package.json`]?.customElements);

export const manifestSources = Object.keys(manifests).sort((a, b) => Number(isWidget(b)) - Number(isWidget(a)) || a.localeCompare(b));

/** Every module of every manifest, each tag described once (by the first manifest that has it). */
export function mergedManifest(): Manifest {
  const seen = new Set<string>();
  const modules: Module[] = [];
  for (const source of manifestSources) {
    for (const module of manifests[source].modules) {
      const declarations = (module.declarations ?? []).filter((declaration) => {
        if (!declaration.tagName) return true;
        if (seen.has(declaration.tagName)) return false;
        seen.add(declaration.tagName);
        return true;
      });
      // Controls for what a page can set: no private, #private or static members.
      const publicOnly = declarations.map((declaration) => ({
        ...declaration,
        members: declaration.members?.filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('#') && !m.static),
      }));
      if (declarations.length) modules.push({ ...module, path: `${packageOf(source)}/${module.path}`, declarations: publicOnly });
    }
  }
  return { schemaVersion: manifests[manifestSources[0]]?.schemaVersion ?? '1.0.0', modules };
}
