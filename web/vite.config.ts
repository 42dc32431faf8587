// The console's build and development server. The built files must satisfy the server's strict
// CSP (script-src 'self', style-src 'self'): no inline scripts, so no modulepreload polyfill.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev` finds the Vigil API (`vigil serve`'s default address). */
export const DEV_API_TARGET = process.env.VIGIL_DEV_API ?? 'http://127.0.0.1:8080';
export const DEV_PORT = 5173;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    // Nothing is inlined into HTML or CSS as data: URIs.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    port: DEV_PORT,
    strictPort: true,
    proxy: { '/api': { target: DEV_API_TARGET, changeOrigin: false } },
  },
});
