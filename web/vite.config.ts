// Builds the admin UI into web/dist, which the Ordo server serves at /.
// `npm run dev:web` serves it with hot reload and sends /api to a server on :3000.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
})
