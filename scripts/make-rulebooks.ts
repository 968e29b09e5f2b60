/**
 * Writes the shipped rulebooks of Politisk Sundhedsklynge Syd from one description, so the 2022 and the
 * renewed 2026 rulebook cannot drift apart in their seats. Run: npx tsx scripts/make-rulebooks.ts
 * Members are fictional placeholders on example.org; never put real people's addresses here.
 */
import { writeFileSync } from "node:fs";

const municipalities: [string, string][] = [
  ["ishoj", "Ishøj"], ["brondby", "Brøndby"], ["albertslund", "Albertslund"], ["vallensbaek", "Vallensbæk"],
  ["kobenhavn", "København"], ["dragor", "Dragør"], ["hvidovre", "Hvidovre"], ["tarnby", "Tårnby"],
  ["hoje-taastrup", "Høje-Taastrup"], ["glostrup", "Glostrup"], ["rodovre", "Rødovre"],
];

const seats = [
  ...[1, 2, 3, 4].map((n) => ({
    id: `region-${n}`,
    constituency: "region",
    title: n === 1 ? "Regionsrådsformand, Region Hovedstaden" : `Regionsrådsmedlem ${n}, Region Hovedstaden`,
    member: { name: n === 1 ? "Regionsrådsformand (fiktiv)" : `Regionsrådsmedlem ${n} (fiktiv)`, email: `region-${n}@region.example.org` },
    substitutes: [{ id: `region-${n}-suppleant`, name: `Suppleant for regionsrådsmedlem ${n} (fiktiv)`, email: `region-${n}-suppleant@region.example.org` }],
  })),
  ...municipalities.map(([id, name]) => ({
    id,
    constituency: "municipality",
    title: `Borgmester, ${name} Kommune`,
    member: { name: `Borgmester i ${name} (fiktiv)`, email: `borgmester@${id}.example.org` },
    substitutes: [{ id: `${id}-suppleant`, name: `Suppleant for borgmesteren i ${name} (fiktiv)`, email: `suppleant@${id}.example.org` }],
  })),
  ...[1, 2].map((n) => ({
    id: `plo-${n}`,
    constituency: "general-practice",
    title: `Praktiserende læge ${n}, udpeget af PLO-Hovedstaden`,
    member: { name: `Praktiserende læge ${n} (fiktiv)`, email: `laege-${n}@plo.example.org` },
    substitutes: [{ id: `plo-${n}-suppleant`, name: `Suppleant for praktiserende læge ${n} (fiktiv)`, email: `laege-${n}-suppleant@plo.example.org` }],
  })),
];

const rules = {
  calendar: { timeZone: "Europe/Copenhagen", nonWorkingDays: "dk", extraClosedDates: [], sendTime: "09:00" },
  seats,
  coChairs: ["region-1", "hvidovre"],
  secretariat: { name: "Sekretariatet for Politisk Sundhedsklynge Syd", email: "sekretariat@sundhedsklynge-syd.example.org" },
  meetings: {
    minimumPerYear: 2,
    itemRequestDaysBefore: 28,
    callForItemsDaysBeforeItemDeadline: 14,
    agendaDaysBefore: 10,
    minutesDaysAfter: 10,
    objectionWindowDays: 8,
    extraordinaryNoticeBelowDays: 21,
    authoritiesConstituencies: ["region", "municipality"],
    defaultDurationMinutes: 120,
  },
  reminders: {
    agendaDaysBeforeDeadline: [5, 1],
    minutesDaysBeforeDeadline: [3],
    quorumForecastDaysBeforeMeeting: 3,
    writtenVoteDaysBeforeClose: [3, 1],
    initiativeReportDaysBeforeDeadline: [7, 1],
    initiativeEscalationDaysAfterDeadline: 2,
    // Off: the forretningsorden says nothing about reminders, and a weekly digest could arrive after an
    // 8-day written vote has closed; the committee decides before its members may swap reminders for it.
    weeklyDigest: { allowed: false, weekday: 1 },
  },
  quorum: {
    minimumPresent: { numerator: 1, denominator: 2 },
    constituenciesRepresented: ["region", "municipality"],
    generalPracticeItemsRequire: ["general-practice"],
    substituteCountsForSeat: true,
  },
  writtenVote: {
    defaultDurationDays: 8,
    decisionRule: "more-for-than-against",
    respondentsMustMakeQuorum: true,
    singleObjectionMovesToMeeting: true,
    closeEarlyWhenAllSeatsVoted: true,
  },
  initiatives: { reportDaysBeforeMeeting: 28 },
  // Where each rule stands in the text (seed file 000): emails cite these, never a paragraph written in code.
  sources: {
    "R-1.2": "§ 1, stk. 2", "R-1.3": "§ 1, stk. 3", "R-3.1": "§ 3, stk. 1", "R-3.2": "§ 3, stk. 2", "R-3.3": "§ 3, stk. 3",
    "R-3.4": "§ 3, stk. 4", "R-3.5": "§ 3, stk. 5", "R-3.6": "§ 3, stk. 6", "R-3.7": "§ 3, stk. 7", "R-3.8": "§ 3, stk. 8",
    "R-3.9": "§ 3, stk. 9", "R-4.1": "§ 4, stk. 1", "R-4.2": "§ 4, stk. 2", "R-6.1": "§ 6, stk. 1",
  },
};

const committee = { id: "sundhedsklynge-syd", name: "Politisk Sundhedsklynge Syd" };

const seed = {
  schemaVersion: 1,
  id: "sundhedsklynge-syd-2022",
  title: "Forretningsorden for Politisk Sundhedsklynge Syd",
  status: "adopted",
  note:
    "Forretningsordenen som vedtaget på det konstituerende møde 28. september 2022 (§1–§6). " +
    "Tolkninger, hvor teksten er tavs (påmindelser, indkaldelse af punkter, skriftlig votering), følger DOMAIN.md. " +
    "Medlemmerne er fiktive pladsholdere.",
  committee,
  validity: { from: "2022-09-28", to: "2025-12-31" },
  term: { from: "2022-01-01", to: "2025-12-31" },
  ...rules,
};

const renewed = {
  ...seed,
  id: "sundhedsklynge-syd-2026",
  title: "Forretningsorden for Politisk Sundhedsklynge Syd, valgperioden 2026–2029 (antaget)",
  status: "assumed",
  note:
    "ANTAGELSE: Denne forretningsorden viderefører reglerne fra 2022 uændret til valgperioden 2026–2029, " +
    "indtil sundhedsklyngen vedtager en ny. Den er ikke vedtaget af sundhedsklyngen. " +
    "Medlemmerne er fiktive pladsholdere.",
  validity: { from: "2026-01-01", to: "2029-12-31" },
  term: { from: "2026-01-01", to: "2029-12-31" },
};

for (const rb of [seed, renewed]) writeFileSync(`rulebooks/${rb.id}.json`, JSON.stringify(rb, null, 2) + "\n");

const plan = {
  committeeId: committee.id,
  term: renewed.term,
  note: "Mødeplan for valgperioden 2026–2029 (fiktiv plan til lokal kørsel og test).",
  meetings: [
    { id: "2026-03-12", startsAt: "2026-03-12T14:00", location: "Hvidovre Hospital, mødelokale 1" },
    { id: "2026-11-05", startsAt: "2026-11-05T14:00", location: "Hvidovre Rådhus" },
    { id: "2027-04-22", startsAt: "2027-04-22T14:00", location: "Hvidovre Hospital, mødelokale 1" },
    { id: "2027-11-04", startsAt: "2027-11-04T14:00", location: "Tårnby Rådhus" },
    { id: "2028-04-27", startsAt: "2028-04-27T14:00", location: "Hvidovre Hospital, mødelokale 1" },
    { id: "2028-11-02", startsAt: "2028-11-02T14:00", location: "Glostrup Rådhus" },
    { id: "2029-04-26", startsAt: "2029-04-26T14:00", location: "Hvidovre Hospital, mødelokale 1" },
    { id: "2029-11-01", startsAt: "2029-11-01T14:00", location: "Amager Hospital" },
  ],
};
writeFileSync("rulebooks/sundhedsklynge-syd-plan-2026.json", JSON.stringify(plan, null, 2) + "\n");
console.log("wrote rulebooks/sundhedsklynge-syd-2022.json, -2026.json and the 2026–2029 meeting plan");
