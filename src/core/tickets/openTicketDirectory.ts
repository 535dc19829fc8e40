import type { Clock } from '../clock';
import type { TeamConfig } from '../config/teamConfigSchema';
import { type ProviderFactoryDeps, createProviders } from './providers/createProviders';
import { TicketCache } from './ticketCache';
import { TicketDirectory } from './ticketDirectory';

/**
 * Builds a repository's TicketDirectory (providers, on-disk cache, search) and loads its cache.
 * The entry of dist/tickets.js: the extension loads it on first use, so the providers, their
 * schemas and the search index cost nothing at activation.
 */
export async function openTicketDirectory(config: TeamConfig, deps: ProviderFactoryDeps & { readonly clock: Clock }, cacheDir: string, recentlyUsed: () => readonly string[], cacheSize?: number): Promise<TicketDirectory> {
  const providers = await createProviders(config, deps);
  const directory = new TicketDirectory(providers, new TicketCache(cacheDir, deps.logger, deps.clock), deps.logger, recentlyUsed, cacheSize);
  await directory.load();
  return directory;
}
