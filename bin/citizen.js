#!/usr/bin/env node
// The CLI runs the TypeScript sources directly (Node.js 24 strips types); older Node.js cannot.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`citizen: Node.js 24 or newer is required (this is ${process.version}).`);
  console.error(
    '  hint: install Node.js 24 LTS, e.g. `npx -y node@24 bin/citizen.js start`, or use nvm/fnm.',
  );
  process.exit(1);
}
await import('../src/main.ts');
