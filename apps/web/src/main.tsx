import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { Toaster } from 'sonner';
import { api } from './api/swyft-api';
import { App } from './app';
import { SessionProvider } from './session/session-provider';
import './index.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider api={api}>
        <App />
      </SessionProvider>
    </BrowserRouter>
    <Toaster position="top-center" richColors closeButton duration={3500} toastOptions={{ className: 'text-sm' }} />
  </StrictMode>,
);
