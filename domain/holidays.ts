/**
 * Danish public holidays and the customary closed days of public offices. Reminders never fall on them
 * (DOMAIN.md "How deadlines are counted"); deadlines do, because the rules count calendar days.
 */


export interface Holiday {
  /** "YYYY-MM-DD" */
  date: string;
  name: string;
}

/** Easter Sunday (Gregorian, anonymous algorithm) as [month, day]. */
function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function plusDays(year: number, month: number, day: number, days: number): string {
  const t = Date.UTC(year, month - 1, day) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const byYear = new Map<number, Holiday[]>();

/** The days Danish public offices are closed in a year: helligdage, grundlovsdag, juleaften, nytårsaften. */
export function danishNonWorkingDays(year: number): Holiday[] {
  let days = byYear.get(year);
  if (!days) {
    days = computeNonWorkingDays(year);
    byYear.set(year, days);
  }
  return days;
}

function computeNonWorkingDays(year: number): Holiday[] {
  const [em, ed] = easterSunday(year);
  const fromEaster = (days: number, name: string): Holiday => ({ date: plusDays(year, em, ed, days), name });
  const days: Holiday[] = [
    { date: iso(year, 1, 1), name: "Nytårsdag" },
    fromEaster(-3, "Skærtorsdag"),
    fromEaster(-2, "Langfredag"),
    fromEaster(0, "Påskedag"),
    fromEaster(1, "2. påskedag"),
    fromEaster(39, "Kristi himmelfartsdag"),
    fromEaster(49, "Pinsedag"),
    fromEaster(50, "2. pinsedag"),
    { date: iso(year, 6, 5), name: "Grundlovsdag" },
    { date: iso(year, 12, 24), name: "Juleaften" },
    { date: iso(year, 12, 25), name: "1. juledag" },
    { date: iso(year, 12, 26), name: "2. juledag" },
    { date: iso(year, 12, 31), name: "Nytårsaften" },
  ];
  // Store bededag was abolished as a public holiday from 2024 (lov nr. 137 af 28. februar 2023).
  if (year <= 2023) days.push(fromEaster(26, "Store bededag"));
  return days.sort((x, y) => x.date.localeCompare(y.date));
}
