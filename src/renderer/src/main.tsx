import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { CrmError } from '../../shared/errors.ts';
import { App } from './App.tsx';
import { LocaleProvider } from './i18n/LocaleProvider.tsx';
import { LeaveGuardProvider } from './state/leaveGuard.tsx';
import './styles/app.css';

/** Errors the user must act on (bad input, no permission ...) are not retried; flaky ones once. */
const retryable = new Set(['unavailable', 'rate_limited', 'internal']);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => count < 1 && (!(error instanceof CrmError) || retryable.has(error.kind)),
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LocaleProvider>
        <QueryClientProvider client={queryClient}>
          <LeaveGuardProvider>
            <App />
          </LeaveGuardProvider>
        </QueryClientProvider>
      </LocaleProvider>
    </StrictMode>,
  );
}
