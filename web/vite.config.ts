import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server owns these paths; in dev Vite forwards them so the SPA uses same-origin URLs as in production.
const server = 'http://127.0.0.1:3000';
const proxy = Object.fromEntries(
  [
    '/api',
    '/auth',
    '/oidc',
    '/docs',
    '/openapi.json',
    '/healthz',
    '/readyz',
    '/01',
    '/epcis',
    '/.well-known',
  ].map((path) => [path, server]),
);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    // The QR decoder (barcode-detector, zxing-wasm) stays out of it: only a browser without
    // BarcodeDetector loads it, when the camera opens.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor', test: /node_modules\/(?!barcode-detector|zxing-wasm)/ }],
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
