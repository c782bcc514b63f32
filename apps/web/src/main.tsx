import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { Toaster } from 'sonner';
import { api } from './api/swyft-api';
import { App } from './app';
import { ErrorBoundary } from './components/error-boundary';
import { SessionProvider } from './session/session-provider';
import './index.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <BrowserRouter>
        <SessionProvider api={api}>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </ErrorBoundary>
    {/* Below the headers, so the connection indicator and the account stay visible. */}
    <Toaster
      position="top-center"
      richColors
      theme="system"
      closeButton
      duration={3000}
      visibleToasts={2}
      offset={{ top: 64 }}
      mobileOffset={{ top: 60, left: 12, right: 12 }}
      toastOptions={{ className: 'text-sm' }}
    />
  </StrictMode>,
);
