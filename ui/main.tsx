/**
 * Entry of the touch UI bundle.
 */
import { render } from 'preact';
import { App } from './app.js';
import { lockDown } from './lockdown.js';

lockDown();

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element to render the kiosk into');
render(<App />, root);
