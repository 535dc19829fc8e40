import { BOARD_GLOBAL, type BoardChange, type BoardDeployment } from '../../protocol/boardData';

// A month's document is written from raw lines kept in the build cache: a change as the JSON the
// page gets (made safe for a script once, when it is read from the log), with its time and id in
// front so a month is sorted and amended records dropped without parsing it again; a deployment
// as JSON to decorate (there are few).

/** JSON that no text can break out of inside a script (as dataScript does). */
export function scriptSafe(json: string): string {
  if (!/[<\u2028\u2029]/.test(json)) return json;
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The raw line of a change. */
export function changeLine(c: BoardChange): string {
  return `c\t${c.at}\t${c.id}\t${scriptSafe(JSON.stringify(c))}`;
}

/** The raw line of a deployment (undecorated). */
export function deploymentLine(d: BoardDeployment): string {
  return `d\t${JSON.stringify(d)}`;
}

/**
 * The month's data script from its raw lines: changes newest first (ties in the order read) without
 * the superseded ones, deployments decorated by `decorate`. The same text dataScript writes for the document.
 */
export function monthScript(key: string, lines: readonly string[], superseded: ReadonlySet<string>, decorate: (d: BoardDeployment) => BoardDeployment): string {
  const changes: { at: number; json: string }[] = [];
  const deployments: BoardDeployment[] = [];
  for (const line of lines) {
    if (line.startsWith('c\t')) {
      const second = line.indexOf('\t', 2);
      const third = line.indexOf('\t', second + 1);
      if (superseded.has(line.slice(second + 1, third))) continue;
      changes.push({ at: Number(line.slice(2, second)), json: line.slice(third + 1) });
    } else if (line.startsWith('d\t')) deployments.push(decorate(JSON.parse(line.slice(2)) as BoardDeployment));
  }
  changes.sort((a, b) => b.at - a.at);
  deployments.sort((a, b) => b.at - a.at);
  const json = `{"kind":"month","key":${JSON.stringify(key)},"changes":[${changes.map((c) => c.json).join(',')}],"deployments":${scriptSafe(JSON.stringify(deployments))}}`;
  return `(window.${BOARD_GLOBAL} = window.${BOARD_GLOBAL} || []).push(${json});\n`;
}
