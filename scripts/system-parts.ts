/**
 * The system packages the tests and rigs need, and how to tell whether each is there.
 * `npm test` and `npm run rigs` install the missing ones with apt when running as root,
 * and otherwise stop at once naming them.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface SystemPart {
  /** Debian package that provides it. */
  package: string;
  /** A file whose presence shows the package is installed. */
  probe: string;
  /** What needs it, said to the user when it is missing. */
  neededFor: string;
}

export const SYSTEM_PARTS: SystemPart[] = [
  {
    package: 'build-essential',
    probe: '/usr/bin/g++',
    neededFor: 'node-gyp builds of pcsclite and rig parts',
  },
  { package: 'make', probe: '/usr/bin/make', neededFor: 'node-gyp builds of native modules' },
  { package: 'python3', probe: '/usr/bin/python3', neededFor: 'node-gyp builds of native modules' },
  {
    package: 'mosquitto',
    probe: '/usr/sbin/mosquitto',
    neededFor: 'MQTT broker for upstream tests',
  },
  {
    package: 'socat',
    probe: '/usr/bin/socat',
    neededFor: 'serial pty pairs for the fingerprint module',
  },
  {
    package: 'chromium',
    probe: '/usr/lib/chromium/chromium',
    neededFor: 'UI tests in a real browser',
  },
  {
    package: 'strace',
    probe: '/usr/bin/strace',
    neededFor: 'proving the store fsyncs before acknowledging',
  },
  {
    package: 'fonts-noto-cjk',
    probe: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    neededFor: 'Chinese glyphs in the UI screenshots and browser tests',
  },
  { package: 'gcc-avr', probe: '/usr/bin/avr-g++', neededFor: 'building the MCU firmware' },
  {
    package: 'avr-libc',
    probe: '/usr/lib/avr/include/avr/io.h',
    neededFor: 'building the MCU firmware',
  },
  {
    package: 'arduino-core-avr',
    probe: '/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h',
    neededFor: 'building the MCU firmware',
  },
  { package: 'gcc', probe: '/usr/bin/gcc', neededFor: 'building the simavr MCU harness' },
  {
    package: 'libsimavr-dev',
    probe: '/usr/include/simavr/parts/uart_pty.h',
    neededFor: 'the simavr MCU harness (libsimavr, libsimavrparts)',
  },
  { package: 'pcscd', probe: '/usr/sbin/pcscd', neededFor: 'the PC/SC card reader rig' },
  {
    package: 'vsmartcard-vpcd',
    probe: '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
    neededFor: 'virtual readers that the card emulator plugs into (PC/SC rig)',
  },
  {
    package: 'libpcsclite-dev',
    probe: '/usr/include/PCSC/winscard.h',
    neededFor: 'building the optional pcsclite npm module (then run npm install)',
  },
  {
    package: 'iproute2',
    probe: '/usr/sbin/ip',
    neededFor: 'the network namespace of the PC/SC rig',
  },
  { package: 'fuse3', probe: '/usr/bin/fusermount3', neededFor: 'the sysfs-shaped GPIO rig' },
  { package: 'libfuse3-dev', probe: '/usr/include/fuse3/fuse.h', neededFor: 'building gpio-fs' },
  { package: 'pkg-config', probe: '/usr/bin/pkg-config', neededFor: 'building gpio-fs' },
  {
    package: 'openssl',
    probe: '/usr/bin/openssl',
    neededFor: 'certificates for the TLS broker rig',
  },
];

function present(path: string): boolean {
  try {
    accessSync(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

export function missingParts(parts: SystemPart[] = SYSTEM_PARTS): SystemPart[] {
  return parts.filter((part) => !present(part.probe));
}

/**
 * Makes sure every part is installed. Returns normally when all are there (after
 * installing them as root if needed); exits the process with a clear message otherwise.
 */
export function ensureSystemParts(parts: SystemPart[] = SYSTEM_PARTS): void {
  const missing = missingParts(parts);
  if (missing.length === 0) return;

  const names = [...new Set(missing.map((part) => part.package))];
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || process.env.KIOSK_NO_APT === '1') {
    console.error('Missing system packages:');
    for (const part of missing) console.error(`  ${part.package}  (${part.neededFor})`);
    console.error(
      `Install them with:\n  sudo apt-get install -y --no-install-recommends ${names.join(' ')}`,
    );
    process.exit(2);
  }

  console.error(`Installing missing system packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...names], {
    stdio: 'inherit',
    env,
  });
  const stillMissing = missingParts(parts);
  if (update.status !== 0 || install.status !== 0 || stillMissing.length > 0) {
    console.error(
      `apt-get could not install: ${stillMissing.map((p) => p.package).join(' ') || names.join(' ')}`,
    );
    process.exit(2);
  }
}

/**
 * Native npm modules that need a system package to build. When `npm ci` ran before the
 * package was there, npm skipped the optional module; build it now that it can be.
 */
const NATIVE_MODULES = [
  { name: 'pcsclite', binding: 'node_modules/pcsclite/build/Release/pcsclite.node' },
];

export function ensureNativeModules(root: string): void {
  for (const module of NATIVE_MODULES) {
    if (present(`${root}/${module.binding}`)) continue;

    const lock = JSON.parse(readFileSync(`${root}/package-lock.json`, 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const version = lock.packages[`node_modules/${module.name}`]?.version;
    const spec = version ? `${module.name}@${version}` : module.name;
    console.error(
      `Building native module ${spec} (npm skipped it before its system package was installed)`,
    );
    const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', spec], {
      cwd: root,
      stdio: 'inherit',
    });
    if (install.status !== 0 || !present(`${root}/${module.binding}`)) {
      console.error(`Could not build ${spec}; see the npm output above.`);
      process.exit(2);
    }
  }
}
