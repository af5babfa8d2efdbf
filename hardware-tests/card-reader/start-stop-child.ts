/**
 * Child process of the exit test: starts a real-back-end driver on the rig's pcscd,
 * waits for the identity reader, stops the driver and then does nothing more. It must
 * exit by itself; if pcsclite left a handle behind, it never would.
 *
 *   node --import tsx start-stop-child.ts <pcscd socket path>
 */
import { createCardReader } from '../../drivers/card-reader/index.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';

const socketPath = process.argv[2];
if (!socketPath) {
  console.error('usage: start-stop-child.ts <pcscd socket path>');
  process.exit(2);
}

const driver = createCardReader({
  name: 'lobby-card',
  backend: 'real',
  socketPath,
  logger: createMemoryLogger(),
});
const attached = new Promise<void>((resolve) => {
  driver.events.once('reader-added', () => resolve());
});
await driver.start();
await attached;
await driver.stop();
console.log('stopped');
