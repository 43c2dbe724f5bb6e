import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server owns these paths; in dev Vite forwards them so the SPA uses same-origin URLs as in production.
const server = 'http://127.0.0.1:3000';
const proxy = Object.fromEntries(
  ['/api', '/auth', '/oidc', '/docs', '/openapi.json', '/healthz', '/readyz'].map((path) => [path, server]),
);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } } },
  },
  server: { proxy },
  preview: { proxy },
});
