import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { logUncaughtErrors } from './app/log';
import { applyTheme } from './features/settings/theme';
import './app/styles.css';

applyTheme();
logUncaughtErrors(window);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
