import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const runtime = 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', chunkSizeWarningLimit: 2500 },
  server: {
    proxy: { '/api': runtime, '/emulator': runtime, '/webhooks': runtime },
  },
})
