import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { DEFAULT_NETWORK, type NetworkOptions } from '../../core/net/networkOptions';
import type { Logger } from '../../core/log';
import type { SettingsService } from '../settings';

/** Network options from VS Code's http.proxy / http.proxyStrictSSL and ChangeTrail's CA file. */
export async function networkOptions(settings: SettingsService, logger: Logger): Promise<NetworkOptions> {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy') || undefined;
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  const caFile = settings.current['network.caFile'];
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = await readFile(caFile, 'utf8');
    } catch (error) {
      logger.warn(`changetrail.network.caFile ${caFile} cannot be read: ${(error as Error).message}`);
    }
  }
  return { ...DEFAULT_NETWORK, proxy, strictSSL, ca };
}
