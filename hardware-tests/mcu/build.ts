/**
 * Builds the rig's native parts: the board firmware (provisioning/firmware/build.sh, the
 * same script a technician flashes with) and the simavr harness. Each build is cached
 * in the rig build cache (build-cache.ts) by a hash of its sources, and published with a
 * rename so parallel test files never see half a build.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { rigBuildCache } from '../rigs/build-cache.js';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const FIRMWARE_DIR = join(ROOT, 'provisioning/firmware');
const HARNESS_SOURCE = join(ROOT, 'hardware-tests/mcu/harness.c');

export interface McuRigParts {
  /** The firmware ELF simavr loads. */
  firmware: string;
  /** The harness binary. */
  harness: string;
}

async function hashOf(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(await readFile(path));
  return hash.digest('hex').slice(0, 16);
}

/** Runs `build(dir)` into a fresh dir and publishes it as `target`, unless already there. */
async function cached(target: string, product: string, build: (dir: string) => Promise<void>) {
  if (existsSync(join(target, product))) return join(target, product);
  const work = await mkdtemp(`${target}.build-`);
  try {
    await build(work);
    await rename(work, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process published the same build first: use theirs.
      if (!existsSync(join(target, product))) throw error;
      await rm(work, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  return join(target, product);
}

export async function buildMcuRigParts(): Promise<McuRigParts> {
  const firmwareSources = ['kiosk-firmata.cpp', 'build.sh'].map((f) => join(FIRMWARE_DIR, f));
  const firmwareHash = await hashOf(firmwareSources);
  const firmware = await cached(
    join(rigBuildCache(), `mcu-firmware-${firmwareHash}`),
    'kiosk-firmata.elf',
    async (dir) => {
      await run('sh', [join(FIRMWARE_DIR, 'build.sh'), dir]);
    },
  );

  const harnessHash = await hashOf([HARNESS_SOURCE]);
  const harness = await cached(
    join(rigBuildCache(), `mcu-harness-${harnessHash}`),
    'harness',
    async (dir) => {
      await run('gcc', [
        '-O2', '-Wall',
        '-I/usr/include/simavr', '-I/usr/include/simavr/parts',
        '-o', join(dir, 'harness'), HARNESS_SOURCE,
        '-lsimavr', '-lpthread', '-lutil',
      ]);
    },
  );

  return { firmware, harness };
}
