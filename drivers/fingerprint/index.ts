/** Public surface of the fingerprint driver. */
export type { CharBuffer, SearchResult, SystemParameters } from './commands.js';
export { ModuleCommands } from './commands.js';
export { Command, Confirmation, DEFAULT_BAUD_RATE, confirmationText } from './constants.js';
export { createFingerprintDevice, type FingerprintDeviceOptions } from './device.js';
export { FingerprintEmulator, type EmulatorOptions } from './emulator.js';
export { TouchTimeoutError } from './enrolment.js';
export { DataSequenceError, InvalidRequestError, ModuleError } from './errors.js';
export type {
  EnrolOptions,
  FingerprintEvents,
  FingerprintReader,
  FingerprintTransport,
  IdentifyResult,
  TransportConnection,
} from './fingerprint.js';
export { Framer } from './framer.js';
export { decodePacket, encodePacket, FrameError, type Packet } from './packet.js';
export { FingerprintLink, type LinkOptions } from './protocol.js';
export { createFingerprintReader, type FingerprintReaderOptions } from './reader.js';
export { memoryTransport, serialTransport } from './transports.js';
