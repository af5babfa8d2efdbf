#!/usr/bin/env node
// Entry point for `kiosk …`. The runtime is TypeScript; in a checkout it runs through
// the tsx loader, in a deployment bundle esbuild has already compiled it (see README).
import { register } from 'tsx/esm/api';

register();
await import('../kiosk/cli.ts');
