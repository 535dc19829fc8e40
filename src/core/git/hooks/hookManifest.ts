import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';

const hookEntry = z.optional(z.object({ chained: z.boolean() }));

/** What ChangeTrail installed, so uninstall restores exactly what was there. */
const hookManifestSchema = z.object({
  version: z.literal(1),
  installedAt: z.string(),
  /** ChangeTrail's version that installed the hooks. */
  by: z.string(),
  /** Whether install created the hooks directory (uninstall then removes it when empty). */
  createdHooksDir: z.boolean(),
  /** For each installed hook: whether a previous hook was kept as `<hook>.pre-changetrail`. */
  hooks: z.object({ 'commit-msg': hookEntry, 'prepare-commit-msg': hookEntry, 'pre-push': hookEntry }),
  /**
   * Set when core.hooksPath was global or system-wide (`shared`): install then set this
   * repository's own core.hooksPath to a directory of ChangeTrail's and forwards to `shared`.
   */
  ownHooksDir: z.optional(z.object({ shared: z.string(), forwarded: z.array(z.string()) })),
});
export type HookManifest = z.infer<typeof hookManifestSchema>;

export const MANIFEST_FILE = 'installed.json';

/** Reads the manifest in `supportDir`; undefined when absent or not one of ours. */
export async function readHookManifest(supportDir: string): Promise<HookManifest | undefined> {
  try {
    const parsed = hookManifestSchema.safeParse(JSON.parse(await readFile(join(supportDir, MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeHookManifest(supportDir: string, manifest: HookManifest): Promise<void> {
  await writeFile(join(supportDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
