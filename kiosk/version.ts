/** The runtime's version, read once from package.json (bundled in a deployment build). */
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
