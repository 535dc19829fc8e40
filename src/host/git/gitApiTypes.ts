// The subset of the built-in git extension's API (extensions/git/src/api/git.d.ts, API version 1)
// that ChangeTrail uses. Kept readonly, as upstream declares it.
import type { Event, Uri } from 'vscode';

/** Kinds of ref, as the git extension numbers them. */
export const enum RefType {
  Head = 0,
  RemoteHead = 1,
  Tag = 2,
}

export interface GitBranchRef {
  readonly type?: RefType;
  readonly name?: string;
  readonly commit?: string;
}

export interface GitRepositoryState {
  readonly HEAD: GitBranchRef | undefined;
  readonly onDidChange: Event<void>;
}

export interface GitInputBox {
  value: string;
}

export interface GitRepository {
  readonly rootUri: Uri;
  readonly state: GitRepositoryState;
  readonly inputBox: GitInputBox;
  getConfig(key: string): Promise<string>;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
}

export interface GitAPI {
  readonly git: { readonly path: string };
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: Event<GitRepository>;
  readonly onDidCloseRepository: Event<GitRepository>;
  getRepository(uri: Uri): GitRepository | null;
  /** A URI for `uri`'s content at `ref`, which the git extension serves (for diffs). */
  toGitUri(uri: Uri, ref: string): Uri;
}

export interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: Event<boolean>;
  getAPI(version: 1): GitAPI;
}
