import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/app.css';
import App from './App.svelte';
import { initLocale } from './lib/i18n/index.svelte.js';

// The remembered language is ready before the first paint, so the page never flickers.
await initLocale();
mount(App, { target: document.getElementById('app')! });
