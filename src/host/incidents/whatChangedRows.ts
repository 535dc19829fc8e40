import type * as vscode from 'vscode';
import type { WhatChangedRow } from '../api';
import type { WhatChangedNode } from './whatChangedNodes';

/** The "What Changed" view's rows as the API gives them (what the tree shows, two levels deep). */
export async function whatChangedRows(provider: vscode.TreeDataProvider<WhatChangedNode>): Promise<WhatChangedRow[]> {
  const rows = async (parent?: WhatChangedNode): Promise<WhatChangedRow[]> =>
    Promise.all(
      ((await provider.getChildren(parent)) ?? []).map(async (node) => {
        const item = await provider.getTreeItem(node);
        const icon = item.iconPath && typeof item.iconPath === 'object' && 'id' in item.iconPath ? String(item.iconPath.id) : undefined;
        return { label: String(typeof item.label === 'object' ? item.label.label : item.label ?? ''), description: String(item.description ?? ''), icon, contextValue: item.contextValue, node, children: parent ? [] : await rows(node) };
      }),
    );
  return rows();
}
