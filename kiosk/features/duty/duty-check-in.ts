/**
 * Duty check-in: while a shift's check-in window is open, each person on duty confirms
 * presence with a finger; when the window closes with fewer than two checked in, an
 * alert is raised (one person on duty, or nobody).
 *
 * No I/O of its own: time, state, events and the UI are reached through the ports
 * handed in, so every rule can be tested without a device or a broker.
 */
import { randomUUID } from 'node:crypto';
import type { DutyView, Notice } from '../../api/messages.js';
import type { Logger } from '../../../drivers/core/logger.js';
import type { Clock } from '../clock.js';
import type { DutyAlert, DutyStatePort } from './duty-state.js';
import {
  MIN_ON_DUTY,
  type FingerResult,
  type Person,
  type Roster,
  type Schedule,
  type Shift,
} from './model.js';
import { buildDutyView } from './duty-view.js';

export interface DutyPorts {
  clock: Clock;
  state: DutyStatePort;
  /** Stores an event durably for upstream; resolves once it is safe on disk. */
  record(type: string, data: Record<string, unknown>): Promise<void>;
  /** Called after anything the screen shows has changed. */
  changed(): void;
  logger: Logger;
}

export class DutyCheckIn {
  #roster: Roster = { version: 'none', people: [] };
  #schedule: Schedule = { version: 'none', shifts: [] };
  #byTemplate = new Map<number, Person>();
  #cancelTimer: () => void = () => {};
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ports: DutyPorts) {}

  /** Replaces roster and schedule (already checked) and re-judges windows against them. */
  async setData(roster: Roster, schedule: Schedule): Promise<void> {
    this.#roster = roster;
    this.#schedule = schedule;
    this.#byTemplate = new Map(
      roster.people.flatMap((person) => person.templateIds.map((id) => [id, person] as const)),
    );
    await this.#serial(() => this.#judgeDueWindows());
    this.#armNextBoundary();
    this.ports.changed();
  }

  stop(): void {
    this.#cancelTimer();
  }

  /** Handles one identification from the fingerprint module; resolves with what to tell. */
  onFinger(result: FingerResult): Promise<Notice> {
    return this.#serial(() => this.#checkIn(result));
  }

  view(): DutyView {
    return buildDutyView(
      this.#schedule,
      this.#roster,
      this.ports.state.read(),
      this.ports.clock.now(),
    );
  }

  async #checkIn(result: FingerResult): Promise<Notice> {
    const now = this.ports.clock.now();
    const at = now.toISOString();

    if (result.kind === 'no-match') {
      this.ports.logger.info('duty check-in refused: finger matches no enrolled template');
      await this.ports.record('duty.check-in-refused', { reason: 'unknown-finger' });
      return { kind: 'unknown-finger', at };
    }

    const person = this.#byTemplate.get(result.templateId);
    if (!person) {
      this.ports.logger.warn(
        `fingerprint template ${result.templateId} matched but belongs to nobody in roster ` +
          `${this.#roster.version}; re-enrol or update the roster`,
      );
      await this.ports.record('duty.check-in-refused', {
        reason: 'unassigned-template',
        templateId: result.templateId,
      });
      return { kind: 'unassigned-template', templateId: result.templateId, at };
    }

    const open = this.#openShifts(now);
    const shift = open.find((candidate) => candidate.personIds.includes(person.id));
    if (!shift) {
      const reason = open.length > 0 ? 'not-on-duty' : 'no-open-window';
      this.ports.logger.info(`duty check-in refused: ${reason}`, { person: person.id });
      await this.ports.record('duty.check-in-refused', { reason, personId: person.id });
      return { kind: reason, personName: person.displayName, at };
    }

    const state = this.ports.state.read();
    if (state.checkIns[shift.id]?.[person.id]) {
      return { kind: 'already-checked-in', personName: person.displayName, at };
    }

    // The event goes to the outbox first: once the person is greeted it must not be lost.
    await this.ports.record('duty.check-in', {
      shiftId: shift.id,
      personId: person.id,
      templateId: result.templateId,
      score: result.score,
    });
    state.checkIns[shift.id] = { ...state.checkIns[shift.id], [person.id]: at };
    await this.ports.state.write(state);
    this.ports.logger.info('duty check-in', { shift: shift.id, person: person.id });
    this.ports.changed();
    return { kind: 'checked-in', personName: person.displayName, shiftLabel: shift.label, at };
  }

  #openShifts(now: Date): Shift[] {
    const time = now.getTime();
    return this.#schedule.shifts.filter(
      (shift) => Date.parse(shift.checkIn.opens) <= time && time < Date.parse(shift.checkIn.closes),
    );
  }

  /** Judges every window that has closed, and clears alerts of shifts that have ended. */
  async #judgeDueWindows(): Promise<void> {
    const now = this.ports.clock.now();
    const state = this.ports.state.read();
    let touched = false;

    for (const shift of this.#schedule.shifts) {
      if (Date.parse(shift.checkIn.closes) > now.getTime() || state.judgedShifts.includes(shift.id))
        continue;
      state.judgedShifts.push(shift.id);
      touched = true;

      if (Date.parse(shift.end) <= now.getTime()) {
        this.ports.logger.warn(
          `shift ${shift.id} ended while the terminal was down; its check-in was not judged`,
        );
        continue;
      }
      const alert = await this.#judge(shift, state.checkIns[shift.id] ?? {}, now);
      if (alert) state.alerts.push(alert);
    }

    for (const alert of state.alerts.filter(
      (standing) => Date.parse(standing.clearsAt) <= now.getTime(),
    )) {
      await this.ports.record('duty.alert-cleared', {
        alertId: alert.id,
        shiftId: alert.shiftId,
        reason: 'shift-ended',
      });
      state.alerts = state.alerts.filter((standing) => standing !== alert);
      touched = true;
    }

    if (touched) {
      await this.ports.state.write(state);
      this.ports.changed();
    }
  }

  async #judge(
    shift: Shift,
    checkIns: Record<string, string>,
    now: Date,
  ): Promise<DutyAlert | null> {
    const present = shift.personIds.filter((id) => checkIns[id] !== undefined);
    const missing = shift.personIds.filter((id) => checkIns[id] === undefined);
    await this.ports.record('duty.window-closed', { shiftId: shift.id, present, missing });
    if (present.length >= MIN_ON_DUTY) return null;

    const alert: DutyAlert = {
      id: randomUUID(),
      kind: present.length === 1 ? 'one-on-duty' : 'none-on-duty',
      shiftId: shift.id,
      shiftLabel: shift.label,
      raisedAt: now.toISOString(),
      clearsAt: shift.end,
    };
    await this.ports.record('duty.alert', {
      alertId: alert.id,
      kind: alert.kind,
      shiftId: shift.id,
      present,
      missing,
    });
    this.ports.logger.warn(`duty alert: ${alert.kind} for shift ${shift.id}`, {
      present: present.length,
    });
    return alert;
  }

  #armNextBoundary(): void {
    this.#cancelTimer();
    const now = this.ports.clock.now().getTime();
    const boundaries = this.#schedule.shifts
      .flatMap((shift) => [shift.checkIn.opens, shift.checkIn.closes, shift.end])
      .map(Date.parse)
      .filter((time) => time > now);
    if (boundaries.length === 0) return;

    this.#cancelTimer = this.ports.clock.at(new Date(Math.min(...boundaries)), () => {
      void this.#serial(() => this.#judgeDueWindows())
        .catch((error: unknown) =>
          this.ports.logger.error('judging duty windows failed', { error }),
        )
        .finally(() => {
          this.#armNextBoundary();
          this.ports.changed();
        });
    });
  }

  /** Runs one step at a time, so two fingers in quick succession cannot interleave. */
  #serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(step, step);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
