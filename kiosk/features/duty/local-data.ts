/**
 * Checks a roster and a duty schedule before the terminal uses them.
 *
 * A file of the wrong shape is refused whole. Inside a good file, each person or shift
 * that breaks a rule is left out with a message naming it, and the rest is used: one bad
 * shift must not take the whole schedule down.
 */
import { Ajv } from 'ajv';
import { MIN_ON_DUTY, type Person, type Roster, type Schedule, type Shift } from './model.js';

const idString = { type: 'string', minLength: 1, maxLength: 64 } as const;
const isoTime = { type: 'string' } as const;

const localDataSchema = {
  type: 'object',
  required: ['roster', 'schedule'],
  properties: {
    roster: {
      type: 'object',
      required: ['version', 'people'],
      properties: {
        version: { type: 'string' },
        people: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'displayName', 'templateIds'],
            properties: {
              id: idString,
              displayName: { type: 'string', minLength: 1, maxLength: 80 },
              templateIds: {
                type: 'array',
                items: { type: 'integer', minimum: 0, maximum: 65535 },
              },
            },
          },
        },
      },
    },
    schedule: {
      type: 'object',
      required: ['version', 'shifts'],
      properties: {
        version: { type: 'string' },
        shifts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'label', 'start', 'end', 'checkIn', 'personIds'],
            properties: {
              id: idString,
              label: { type: 'string', minLength: 1, maxLength: 80 },
              start: isoTime,
              end: isoTime,
              checkIn: {
                type: 'object',
                required: ['opens', 'closes'],
                properties: { opens: isoTime, closes: isoTime },
              },
              personIds: { type: 'array', items: idString },
            },
          },
        },
      },
    },
  },
} as const;

const validateShape = new Ajv({ allErrors: true }).compile(localDataSchema);

export class LocalDataError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'LocalDataError';
  }
}

export interface CheckedLocalData {
  roster: Roster;
  schedule: Schedule;
  /** One line per person or shift left out, naming it and the rule it broke. */
  problems: string[];
}

export function checkLocalData(raw: unknown, source: string): CheckedLocalData {
  if (!validateShape(raw)) {
    const problems = (validateShape.errors ?? []).map((error) =>
      `${error.instancePath || '(top level)'} ${error.message ?? ''}`.trim(),
    );
    throw new LocalDataError(source, problems);
  }
  const data = raw as { roster: Roster; schedule: Schedule };
  const problems: string[] = [];

  const people = checkPeople(data.roster.people, problems);
  const known = new Set(people.map((person) => person.id));
  const shiftIds = new Set<string>();
  const shifts = data.schedule.shifts.filter((shift) => {
    // Check-ins and judgements are kept by shift id: two shifts with one id would share them.
    if (shiftIds.has(shift.id)) {
      problems.push(`schedule: shift ${shift.id} appears twice; the second entry is ignored`);
      return false;
    }
    shiftIds.add(shift.id);
    return shiftIsUsable(shift, known, problems);
  });

  return {
    roster: { version: data.roster.version, people },
    schedule: { version: data.schedule.version, shifts },
    problems,
  };
}

function checkPeople(people: Person[], problems: string[]): Person[] {
  const ids = new Set<string>();
  const owners = new Map<number, string>();
  const kept: Person[] = [];

  for (const person of people) {
    if (ids.has(person.id)) {
      problems.push(`roster: person ${person.id} appears twice; the second entry is ignored`);
      continue;
    }
    ids.add(person.id);

    // A slot enrolled to two people would let one check in as the other: drop it from both.
    const templateIds = person.templateIds.filter((templateId) => {
      const owner = owners.get(templateId);
      if (owner === undefined) {
        owners.set(templateId, person.id);
        return true;
      }
      problems.push(
        `roster: template ${templateId} is given to both ${owner} and ${person.id}; ignored for ${person.id}`,
      );
      return false;
    });
    kept.push({ ...person, templateIds });
  }
  return kept;
}

/**
 * Date and time with an explicit zone ("2026-12-04T10:00:00Z", "…+01:00"). Date.parse
 * also takes "12/04/2026" or "2026-12-04 10:00" and reads them in the board's own zone,
 * so the same file would mean different hours on two terminals.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Date.parse rolls "2026-02-30" over to 2 March; a schedule must not. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

function badTime(shift: Shift): string | null {
  const fields = {
    start: shift.start,
    end: shift.end,
    'checkIn.opens': shift.checkIn.opens,
    'checkIn.closes': shift.checkIn.closes,
  };
  for (const [field, value] of Object.entries(fields)) {
    if (!ISO_WITH_ZONE.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value)) {
      return `${field} ${JSON.stringify(value.slice(0, 40))}`;
    }
  }
  return null;
}

function shiftIsUsable(shift: Shift, known: Set<string>, problems: string[]): boolean {
  const bad = badTime(shift);
  if (bad) {
    problems.push(
      `schedule: shift ${shift.id} has ${bad}, not an ISO 8601 time with a zone ` +
        '(like 2026-12-04T10:00:00Z); shift ignored',
    );
    return false;
  }
  const times = [shift.start, shift.end, shift.checkIn.opens, shift.checkIn.closes].map(Date.parse);
  const [start, end, opens, closes] = times as [number, number, number, number];
  if (end <= start || closes <= opens) {
    problems.push(
      `schedule: shift ${shift.id} ends before it starts or its check-in window is empty; shift ignored`,
    );
    return false;
  }

  const unknown = shift.personIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    problems.push(
      `schedule: shift ${shift.id} names ${unknown.join(', ')}, not in the roster; shift ignored`,
    );
    return false;
  }

  const onDuty = new Set(shift.personIds).size;
  if (onDuty < MIN_ON_DUTY) {
    problems.push(
      `schedule: shift ${shift.id} has ${onDuty} person(s) on duty; ` +
        `at least ${MIN_ON_DUTY} are required; shift ignored`,
    );
    return false;
  }
  return true;
}
