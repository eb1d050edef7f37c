import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import '@xyflow/react/dist/style.css'
import './styles.css'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { AuthGate } from './auth/AuthGate'
import { theme } from './theme'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <AuthGate>
        <App />
      </AuthGate>
    </MantineProvider>
  </StrictMode>,
)
