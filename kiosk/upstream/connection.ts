/**
 * One connection attempt's MQTT.js options.
 *
 * The link builds a fresh options object (and a fresh client) for every attempt:
 * MQTT.js mutates the options it is given, and certificate files may have been renewed
 * since the last attempt. MQTT.js never reconnects by itself (`reconnectPeriod: 0`); the
 * link's own back-off decides when to try again.
 */
import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import { errorMessage } from '../../drivers/core/errors.js';

export interface BrokerConfig {
  /** `mqtt://host:port` or `mqtts://host:port`. */
  url: string;
  username?: string;
  password?: string;
  /**
   * File holding the password (trailing newline ignored); read again on every connect
   * attempt, so corrected credentials are used without a restart. Wins over `password`.
   */
  passwordFile?: string;
  /** PEM files for TLS: the CA that signed the broker, and this terminal's cert and key. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/** A broker setting that cannot work as given (unreadable file, bad URL). */
export class BrokerConfigError extends Error {
  readonly code = 'broker-config';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BrokerConfigError';
  }
}

function readPem(what: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = errorMessage(error);
    throw new BrokerConfigError(`broker ${what} file ${path} cannot be read: ${reason}`, {
      cause: error,
    });
  }
}

export function checkBrokerUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new BrokerConfigError(`broker url ${JSON.stringify(url)} is not a URL`, { cause: error });
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'tls:'].includes(parsed.protocol)) {
    throw new BrokerConfigError(
      `broker url ${url} uses ${parsed.protocol}; use mqtt://host:port or mqtts://host:port`,
    );
  }
  return parsed;
}

function readPassword(broker: BrokerConfig): string | undefined {
  if (broker.passwordFile === undefined) return broker.password;
  try {
    return readFileSync(broker.passwordFile, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const reason = errorMessage(error);
    throw new BrokerConfigError(
      `broker password file ${broker.passwordFile} cannot be read: ${reason}`,
      { cause: error },
    );
  }
}

export function clientOptionsFor(options: {
  broker: BrokerConfig;
  clientId: string;
  statusTopic: string;
  /** The last will's payload: this connection's offline status. */
  will: Buffer;
  keepaliveSeconds: number;
}): IClientOptions {
  const { broker } = options;
  return {
    clientId: options.clientId,
    protocolVersion: 4,
    clean: true,
    keepalive: options.keepaliveSeconds,
    reconnectPeriod: 0,
    connectTimeout: 15_000,
    username: broker.username,
    password: readPassword(broker),
    ca: readPem('CA certificate', broker.caFile),
    cert: readPem('client certificate', broker.certFile),
    key: readPem('client key', broker.keyFile),
    will: { topic: options.statusTopic, payload: options.will, qos: 1, retain: true },
  };
}

/** Explains CONNACK refusals in words an operator can act on. */
export function describeConnectError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 4 || code === 134) {
    return 'broker refused the username or password (check credentials)';
  }
  // mosquitto answers a wrong password with "not authorised" (5) under MQTT 3.1.1.
  if (code === 5 || code === 135) {
    return 'broker says this terminal is not authorised (check username, password file and ACL)';
  }
  if (code === 2 || code === 133) return 'broker refused the client id';
  if (code === 'ECONNREFUSED') return 'nothing listens at the broker address';
  return errorMessage(error);
}
