// Entry point of the extension-host test suite: VS Code (through @vscode/test-electron) and
// code-server (through the smoke-test driver payload) load this module and await `run()`.
//   NEON_AUTH_E2E_GREP=<regexp>     runs only the tests whose full title matches (like mocha's --grep)
//   NEON_AUTH_E2E_REPORT=<file>     appends the spec report to <file> instead of the console (the
//                                   code-server launcher prints it: a browser console mangles it)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const report = process.env.NEON_AUTH_E2E_REPORT;
  const consoleLog = console.log.bind(console);
  // Reporters print through Base.consoleLog with printf-style arguments; format them here, so each
  // line reaches the extension host's console (or the report file) as one finished string.
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
    const line = format(...data);
    if (report) fs.appendFileSync(report, `${line}\n`);
    else consoleLog(line);
  };
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    grep: process.env.NEON_AUTH_E2E_GREP || undefined,
  });
  mocha.addFile(path.join(__dirname, 'extension.e2e.js'));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
