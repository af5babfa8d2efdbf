/**
 * What the driver needs from PC/SC, whichever back-end provides it: the real one on
 * pcsclite and pcscd, or the in-memory simulator. Both report readers and their state
 * bits exactly as pcscd does, so the driver's logic runs unchanged on either.
 */
export interface ReaderStatus {
  /** SCARD_STATE_* bits, event counter in the high 16 bits. */
  state: number;
  atr: Buffer;
}

export interface BackendListener {
  readerAdded(reader: string): void;
  readerRemoved(reader: string): void;
  status(reader: string, status: ReaderStatus): void;
  /** The whole session is gone (service stopped, context lost); the driver reopens. */
  failed(error: Error): void;
}

export interface PcscSession {
  /** Connects to the card if needed and sends one APDU; resolves with the response APDU. */
  transmit(reader: string, apdu: Buffer): Promise<Buffer>;
  /** Ends the card connection, leaving the card as it is; never throws. */
  release(reader: string): Promise<void>;
  /** Ends the session; never throws; no listener call happens after it resolves. */
  close(): Promise<void>;
}

export interface PcscBackend {
  readonly kind: 'real' | 'simulated';
  /** Resolves when the service answered; rejects with a typed error when it did not. */
  open(listener: BackendListener): Promise<PcscSession>;
}
