import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

// ?server=…&space=… talks to a Tori server; without them the app uses the in-memory fixture client.
const params = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App server={params.get('server') ?? undefined} space={params.get('space') ?? 'demo'} />
  </StrictMode>,
);
