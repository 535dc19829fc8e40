import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { TrackerConfig } from '../../core/config/teamConfigSchema';
import type { TrackerCredentials } from '../../core/tickets/providers/trackerProvider';

const storedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), username: z.string(), token: z.string() }),
  z.object({ kind: z.literal('bearer'), token: z.string() }),
]);

/** The SecretStorage key of a tracker: its type and host, so one sign-in serves every repository using it. */
export function credentialKey(tracker: TrackerConfig): string {
  const where = 'baseUrl' in tracker && tracker.baseUrl ? new URL(tracker.baseUrl).host : 'default';
  return `changetrail.credentials.${tracker.type}.${where}`;
}

/**
 * Tracker credentials in VS Code's SecretStorage only; GitHub through VS Code's built-in `github`
 * authentication provider. Nothing here is ever written to settings, logs or records.
 */
export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Credentials for a tracker, without prompting; 'none' when the person has not signed in. */
  async get(tracker: TrackerConfig): Promise<TrackerCredentials> {
    if (tracker.type === 'github' && !tracker.baseUrl) {
      const session = await vscode.authentication.getSession('github', ['repo'], { silent: true });
      return session ? { kind: 'bearer', token: session.accessToken } : { kind: 'none' };
    }
    const raw = await this.secrets.get(credentialKey(tracker));
    if (!raw) return { kind: 'none' };
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : { kind: 'none' };
    } catch {
      return { kind: 'none' };
    }
  }

  async store(tracker: TrackerConfig, credentials: Exclude<TrackerCredentials, { kind: 'none' }>): Promise<void> {
    await this.secrets.store(credentialKey(tracker), JSON.stringify(credentials));
  }

  async delete(tracker: TrackerConfig): Promise<void> {
    await this.secrets.delete(credentialKey(tracker));
  }

  /** Fires when credentials change in this or another window. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => e.key.startsWith('changetrail.credentials.') && listener());
  }
}
