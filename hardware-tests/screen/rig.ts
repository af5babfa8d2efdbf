/**
 * A screen rig in a temp folder: a backlight class device shaped like
 * /sys/class/backlight/<device>/, an input device list shaped like
 * /proc/bus/input/devices, and a FIFO standing in for /dev/input/eventN. The driver's
 * real back-end reads them with its real code (sysfs writes, epoll on the node); the
 * rig writes real input_event bytes into the FIFO. No process is started.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScreenRigOptions {
  /** Backlight folder name. Default 'demo_backlight'. */
  backlightDevice?: string;
  maxBrightness?: number;
  panelName?: string;
  /** N of the panel's eventN node. Default 3. */
  eventNumber?: number;
  /**
   * Copy each brightness write to actual_brightness, as a kernel driver reports the
   * level it set. Off by default so tests can set actual_brightness themselves.
   */
  mirrorActual?: boolean;
}

export interface ScreenRig {
  dir: string;
  backlightRoot: string;
  backlightDevice: string;
  backlightPath: string;
  devicesPath: string;
  inputDir: string;
  eventPath: string;
  panelName: string;
  /** Processes the rig runs (none: everything is files); kept for the rig shape. */
  pids: number[];
  write(bytes: Buffer): void;
  unplugTouch(): Promise<void>;
  plugTouch(eventNumber?: number): Promise<void>;
  removeBacklight(): Promise<void>;
  restoreBacklight(): Promise<void>;
  readBacklight(): Promise<{ brightness: string; blPower: string; actual: string }>;
  setActual(level: number): Promise<void>;
  stop(): Promise<void>;
}

const OTHER_DEVICES = `I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
P: Phys=LNXPWRBN/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXPWRBN:00/input/input0
U: Uniq=
H: Handlers=kbd event0
B: PROP=0
B: EV=3
B: KEY=10000000000000 0

I: Bus=0003 Vendor=046d Product=c077 Version=0111
N: Name="Demo USB Optical Mouse"
P: Phys=usb-0000:01:00.0-1.3/input0
S: Sysfs=/devices/platform/usb/input/input1
U: Uniq=
H: Handlers=mouse1 event1
B: PROP=0
B: EV=17
B: KEY=ff0000 0 0 0 0
B: REL=903
B: MSC=10
`;

function panelBlock(name: string, eventNumber: number): string {
  return `I: Bus=0018 Vendor=0000 Product=0000 Version=0000
N: Name="${name}"
P: Phys=
S: Sysfs=/devices/virtual/input/input${eventNumber}
U: Uniq=
H: Handlers=mouse0 event${eventNumber}
B: PROP=2
B: EV=b
B: KEY=400 0 0 0 0 0 0 0 0 0 0
B: ABS=260800000000003
`;
}

export async function startScreenRig(options: ScreenRigOptions = {}): Promise<ScreenRig> {
  const dir = await mkdtemp(join(tmpdir(), 'screen-rig-'));
  const backlightDevice = options.backlightDevice ?? 'demo_backlight';
  const backlightRoot = join(dir, 'sys/class/backlight');
  const backlightPath = join(backlightRoot, backlightDevice);
  const devicesPath = join(dir, 'proc/bus/input/devices');
  const inputDir = join(dir, 'dev/input');
  const panelName = options.panelName ?? 'Demo Panel FT5406 Touch';
  const max = options.maxBrightness ?? 255;
  let eventNumber = options.eventNumber ?? 3;
  let writer: number | null = null;

  await mkdir(backlightPath, { recursive: true });
  await mkdir(join(dir, 'proc/bus/input'), { recursive: true });
  await mkdir(inputDir, { recursive: true });
  const attributes = { max_brightness: max, brightness: max, actual_brightness: max, bl_power: 0 };
  for (const [file, value] of Object.entries(attributes)) {
    await writeFile(join(backlightPath, file), `${value}\n`);
  }
  await writeFile(join(backlightPath, 'type'), 'raw\n');

  const eventPath = () => join(inputDir, `event${eventNumber}`);
  const plug = async () => {
    execFileSync('mkfifo', [eventPath()]);
    await writeFile(devicesPath, OTHER_DEVICES + '\n' + panelBlock(panelName, eventNumber));
    // Read-write never blocks on a FIFO, whether or not the driver has it open yet.
    writer = openSync(eventPath(), constants.O_RDWR);
  };
  await plug();
  const mirror = options.mirrorActual ? mirrorBrightness(backlightPath) : null;

  const rig: ScreenRig = {
    dir,
    backlightRoot,
    backlightDevice,
    backlightPath,
    devicesPath,
    inputDir,
    get eventPath() {
      return eventPath();
    },
    panelName,
    pids: [],
    write(bytes) {
      if (writer === null) throw new Error(`screen rig: ${eventPath()} is unplugged`);
      writeSync(writer, bytes);
    },
    async unplugTouch() {
      await writeFile(devicesPath, OTHER_DEVICES);
      await unlink(eventPath()).catch(() => undefined);
      if (writer !== null) closeSync(writer);
      writer = null;
    },
    async plugTouch(number) {
      if (writer !== null) return;
      if (number !== undefined) eventNumber = number;
      await plug();
    },
    // Moved out of the class folder, as if the driver module were unloaded.
    async removeBacklight() {
      await rename(backlightPath, join(dir, 'removed-backlight'));
    },
    async restoreBacklight() {
      await rename(join(dir, 'removed-backlight'), backlightPath);
    },
    async readBacklight() {
      const read = (file: string) => readFile(join(backlightPath, file), 'utf8');
      return {
        brightness: await read('brightness'),
        blPower: await read('bl_power'),
        actual: await read('actual_brightness'),
      };
    },
    async setActual(level) {
      await writeFile(join(backlightPath, 'actual_brightness'), `${level}\n`);
    },
    async stop() {
      mirror?.close();
      if (writer !== null) closeSync(writer);
      writer = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

function mirrorBrightness(backlightPath: string): FSWatcher {
  let copies = 0;
  const copy = async () => {
    const level = await readFile(join(backlightPath, 'brightness'), 'utf8');
    // A write is truncate-then-write: skip the empty moment in between.
    if (!/^\d+\n?$/.test(level)) return;
    // Rename so a reader never sees a half-written actual_brightness.
    const temp = join(backlightPath, `.actual_brightness.${(copies += 1)}`);
    await writeFile(temp, level);
    await rename(temp, join(backlightPath, 'actual_brightness'));
  };
  const watcher = watch(backlightPath, (_event, file) => {
    if (file === 'brightness') copy().catch(() => undefined);
  });
  // The folder may be moved away by a test; a watch error must not end the process.
  watcher.on('error', () => undefined);
  return watcher;
}
