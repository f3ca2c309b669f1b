// Before the tests: the system tools they drive, which npm cannot install. Debian's Chromium
// for the browser tests (never a downloaded browser), poppler's PDF tools and qpdf for the
// certificate tests. As root with apt-get (a fresh machine, CI) they are installed; otherwise
// the run stops at once with one line saying what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TOOLS = [
  { what: '/usr/bin/chromium', found: () => existsSync('/usr/bin/chromium'), pkg: 'chromium' },
  ...['pdftotext', 'pdftoppm', 'pdfdetach'].map((command) => ({
    what: command,
    found: () => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0,
    pkg: 'poppler-utils',
  })),
  { what: 'qpdf', found: () => spawnSync('sh', ['-c', 'command -v qpdf']).status === 0, pkg: 'qpdf' },
];

const missing = TOOLS.filter((tool) => !tool.found());
if (missing.length === 0) {
  process.exit(0);
}
const packages = [...new Set(missing.map((tool) => tool.pkg))];
const names = missing.map((tool) => tool.what).join(', ');
const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (!canInstall) {
  process.stderr.write(
    `The tests need ${names}: install them with "sudo apt-get install -y ${packages.join(' ')}" and run npm test again.\n`,
  );
  process.exit(1);
}
process.stdout.write(`Installing ${packages.join(' ')} for the tests (${names} missing)...\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
const still = missing.filter((tool) => !tool.found());
if (still.length > 0) {
  process.stderr.write(`Still missing after apt-get: ${still.map((tool) => tool.what).join(', ')}.\n`);
  process.exit(1);
}
