import { main } from './main';
import { lineWriter } from './terminalOutput';

main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: lineWriter(process.stdout),
  err: lineWriter(process.stderr),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`changetrail: ${String(error)}\n`);
    process.exitCode = 70;
  },
);
