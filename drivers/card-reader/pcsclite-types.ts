/**
 * The part of the optional `pcsclite` module the driver uses. Declared here so the
 * project type-checks and starts when the native module is not installed.
 */
export interface PcscliteReader {
  readonly name: string;
  readonly connected: boolean;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_LEAVE_CARD: number;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  connect(
    options: { share_mode?: number; protocol?: number },
    callback: (error: unknown, protocol: number) => void,
  ): void;
  disconnect(disposition: number, callback: (error: unknown) => void): void;
  transmit(
    data: Buffer,
    responseLength: number,
    protocol: number,
    callback: (error: unknown, response: Buffer) => void,
  ): void;
  close(): void;
}

export interface PcscliteContext {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'reader', listener: (reader: PcscliteReader) => void): unknown;
  close(): void;
}

export type PcscliteFactory = () => PcscliteContext;
