import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { BrowserRouter } from 'react-router'
import { ApiError, setUnauthorizedHandler } from './api.ts'
import { App } from './App.tsx'
import { markSessionEnded } from './session.tsx'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal (4xx) will not change by asking again; a dropped connection may.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
})
// With the app open, a lost session asks for a login over the page; before that, the login form is the page.
setUnauthorizedHandler(() => { if (queryClient.getQueryData(['me'])) markSessionEnded(); else queryClient.setQueryData(['me'], null) })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
)
