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

const TAB = 9;
const NEWLINE = 10;
const CHANGE = 0x63; // "c"
const DEPLOYMENT = 0x64; // "d"

/**
 * The month's data script from its raw lines (the bytes of its raw file): changes newest first
 * (ties in the order read) without the superseded ones, deployments decorated by `decorate`. The
 * changes' bytes are copied as they are, never decoded; the text is what dataScript writes for the document.
 */
export function monthScript(key: string, raw: Buffer, superseded: ReadonlySet<string>, decorate: (d: BoardDeployment) => BoardDeployment): Buffer {
  const changes: { at: number; from: number; to: number }[] = [];
  const deployments: BoardDeployment[] = [];
  for (let start = 0; start < raw.length; ) {
    let end = raw.indexOf(NEWLINE, start);
    if (end < 0) end = raw.length;
    if (raw[start] === CHANGE && raw[start + 1] === TAB) {
      const second = raw.indexOf(TAB, start + 2);
      const third = raw.indexOf(TAB, second + 1);
      if (second > 0 && third > 0 && third < end && (superseded.size === 0 || !superseded.has(raw.toString('latin1', second + 1, third)))) {
        changes.push({ at: Number(raw.toString('latin1', start + 2, second)), from: third + 1, to: end });
      }
    } else if (raw[start] === DEPLOYMENT && raw[start + 1] === TAB) {
      deployments.push(decorate(JSON.parse(raw.toString('utf8', start + 2, end)) as BoardDeployment));
    }
    start = end + 1;
  }
  changes.sort((a, b) => b.at - a.at);
  deployments.sort((a, b) => b.at - a.at);
  const comma = Buffer.from(',');
  const parts: Buffer[] = [Buffer.from(`(window.${BOARD_GLOBAL} = window.${BOARD_GLOBAL} || []).push({"kind":"month","key":${JSON.stringify(key)},"changes":[`)];
  changes.forEach((c, i) => {
    if (i > 0) parts.push(comma);
    parts.push(raw.subarray(c.from, c.to));
  });
  parts.push(Buffer.from(`],"deployments":${scriptSafe(JSON.stringify(deployments))}});\n`));
  return Buffer.concat(parts);
}
