import { Component, type ErrorInfo, type ReactNode } from 'react';
import { FullScreenMessage, Logo } from './brand';
import { Button } from './ui';

/**
 * The last line: a screen that crashed while rendering, or a code chunk that no longer exists after a
 * deploy, shows a way out instead of a blank page.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Swyft screen failed', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const staleChunk = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(
      error.message,
    );
    return (
      <FullScreenMessage>
        <div role="alert" className="max-w-sm space-y-3">
          <Logo />
          <h1 className="text-xl font-bold">{staleChunk ? 'Swyft has been updated' : 'Something went wrong'}</h1>
          <p className="text-sm text-fg-muted">
            {staleChunk
              ? 'Reload to get the latest version. Your cart is kept.'
              : 'This screen hit a problem. Reloading usually fixes it; your cart is kept.'}
          </p>
          <Button onClick={() => window.location.reload()}>Reload</Button>
        </div>
      </FullScreenMessage>
    );
  }
}
