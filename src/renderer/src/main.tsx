import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, MissingToken } from './app/App';
import { resolveTransport } from './api/transport';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// A file dropped anywhere but where the console takes files (the chat thread) would make the browser open it and
// leave the console: such drops are refused, and the pointer says so.
window.addEventListener('dragover', (event) => {
  if (event.defaultPrevented) return;
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
});
window.addEventListener('drop', (event) => {
  if (!event.defaultPrevented) event.preventDefault();
});
const resolved = resolveTransport(window);
createRoot(root).render(<StrictMode>{resolved ? <App resolved={resolved} /> : <MissingToken />}</StrictMode>);
