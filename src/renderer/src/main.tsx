import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, MissingToken } from './app/App';
import { resolveTransport } from './api/transport';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const resolved = resolveTransport(window);
createRoot(root).render(<StrictMode>{resolved ? <App resolved={resolved} /> : <MissingToken />}</StrictMode>);
