#!/usr/bin/env node
// The npm mirror on our build machines serves only the Linux builds of platform-specific optional
// packages (e.g. @biomejs/cli-darwin-arm64 answers 404), so `npm install` writes a lockfile without
// them and `npm ci` then refuses it as out of sync. This adds the missing entries with their os/cpu
// constraints (inferred from the package name), exactly as npm would record them; npm skips them on
// other platforms and fetches them by version where they apply. Run it after every `npm install`;
// the test in test/lockfile.test.ts fails when it was forgotten.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

export function platformOf(name) {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const os = ['android', 'darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix'].find((candidate) =>
    base.includes(candidate),
  );
  const cpu = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].find((candidate) =>
    new RegExp(`(^|-)${candidate}($|-)`).test(base),
  );
  if (!os || !cpu) return undefined;
  return { os, cpu, libc: os === 'linux' ? (base.includes('musl') ? 'musl' : 'glibc') : undefined };
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${location ? `${location}/` : ''}node_modules/${dependency}`.replace(
      /^node_modules\/(.*)\/node_modules\//,
      'node_modules/$1/node_modules/',
    );
    const hoisted = `node_modules/${dependency}`;
    if (packages[key] || packages[hoisted]) continue;
    const platform = platformOf(dependency);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    packages[hoisted] = {
      version,
      cpu: [platform.cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      license: entry.license,
      optional: true,
      os: [platform.os],
      ...(entry.engines ? { engines: entry.engines } : {}),
    };
    added += 1;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
}
process.stdout.write(`complete-lockfile: ${added} missing platform package entr${added === 1 ? 'y' : 'ies'} added\n`);
