// Types of prerequisites.mjs, for the unit test that drives it on fake machines.
export interface System {
  env: Record<string, string | undefined>;
  home: string;
  isRoot: boolean;
  exists(path: string): boolean;
  list(dir: string): string[];
}
export interface Missing {
  name: 'browser' | 'ripgrep' | 'kerberos';
  debian: string;
  words: string;
}
export type Wanted = Missing['name'];
export function realSystem(): System;
export function onPath(sys: System, ...names: string[]): string | undefined;
export function findBrowser(sys: System): string | undefined;
export function findRipgrep(sys: System, codeServerDirs?: string[]): string | undefined;
export function findKerberosHeaders(sys: System): string | undefined;
export function missingPrerequisites(sys: System, wanted: Wanted[], codeServerDirs?: string[]): Missing[];
export function missingLine(missing: Missing[]): string;
export function ensurePrerequisites(
  wanted: Wanted[],
  options?: { sys?: System; codeServerDirs?: string[]; run?: (cmd: string, args: string[], options?: object) => unknown; exit?: (code: number) => void; log?: (line: string) => void },
): { browser?: string; ripgrep?: string } | undefined;
