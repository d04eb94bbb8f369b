#!/usr/bin/env node
// Makes `npm start` / `npm test` work on a machine that has only Node 20:
// installs the lockfile's packages with the pinned pnpm when they are missing or stale.
'use strict';
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
// Pinned in engines.pnpm, not packageManager: pnpm 12 then tries to record itself in the
// lockfile, cannot here, and refuses every frozen install.
const wanted = pkg.engines.pnpm;
const lockfile = path.join(root, 'pnpm-lock.yaml');
const marker = path.join(root, 'node_modules', '.modules.yaml');

function stale() {
  if (!fs.existsSync(marker)) return true;
  return fs.statSync(lockfile).mtimeMs > fs.statSync(marker).mtimeMs;
}

if (stale()) {
  const local = (() => {
    try {
      return execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      return null;
    }
  })();
  const cmd = local === wanted ? 'pnpm' : `npx -y pnpm@${wanted}`;
  console.log(`[setup] installing dependencies with ${cmd} install --frozen-lockfile`);
  execSync(`${cmd} install --frozen-lockfile`, { cwd: root, stdio: 'inherit' });
}
