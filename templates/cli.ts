/** The command line's words: help for each command, and what is wrong with an input, in Danish. */

export const CLI_HELP: Record<string, string> = {
  deadlines: `klyngeflow deadlines --meeting 2027-04-22T14:00 [--rulebook FIL] [--json]
klyngeflow deadlines --minutes-sent 2027-03-24T15:30 [--rulebook FIL] [--json]

  Mødets frister med ugedag: indkaldelse og frist for punkter (R-3.2), indsatsrapporter, dagsorden (R-3.3),
  quorumprognose (R-4.2) og protokol (R-3.5) – eller, med --minutes-sent, indsigelsesfristen for en
  protokoludgave (R-3.5). Uden --rulebook bruges den forretningsorden, der gælder på datoen.
`,
  quorum: `klyngeflow quorum --present PLADS,PLADS… [--substitute PLADS,…] [--gp-item] [--rulebook FIL] [--date DATO] [--json]

  Om de fremmødte er beslutningsdygtige (R-4.2), og hvorfor: mindst halvdelen til stede, region og
  kommuner repræsenteret, og PLO-Hovedstaden ved punkter om almen praksis (--gp-item).
`,
  plan: `klyngeflow plan --term 2026 [--plan FIL] [--rulebook FIL] [--json]

  Kontrollerer en mødeplan mod R-3.1 (mindst to møder om året) og R-6.1 (forretningsordenens gyldighed).
`,
  inbound: `klyngeflow inbound FIL.eml [--json]

  Afleverer et råt svar til den lokale stak, som om det kom med e-mail, og skriver, hvad der blev af det.
  Kører npm start, går svaret gennem den; ellers åbnes datamappen direkte.
`,
  simulate: `klyngeflow simulate [--json]

  Spiller en mødecyklus, en skriftlig votering og en indsigelsesrunde på et virtuelt ur (= npm run demo).
`,
  admin: `klyngeflow admin <kommando> … [--json]   (klyngeflow admin --help)

  Opsætter og driver et udvalg på en udrullet stak: udvalg, pladser, indsatser, API-tokens, forløb og adresser.
`,
  committee: `klyngeflow committee create --rulebook FIL [--plan FIL] [--past-as-held] [--json]
klyngeflow committee list [--json]
klyngeflow committee adopt --committee ID --rulebook FIL --from DATO [--json]

  create  Opretter et udvalg mere i den lokale stak fra dets forretningsorden (som rulebooks/*.json) og
          mødeplan. Et udvalg, der findes, overskrives aldrig. Udvalgets første tokens vises én gang og
          gemmes i DATA_DIR/api-tokens.json. --past-as-held indlæser møder, der er holdt, som historik.
  list    Viser datamappens udvalg.
  adopt   Vedtager en ny udgave af udvalgets forretningsorden med virkning fra DATO (R-6.1): møder fra den
          dato følger den, tidligere møder og afstemninger beholder deres. DATO er i dag eller senere.
  Kører npm start, går kommandoen gennem den; ellers åbnes datamappen (DATA_DIR, som standard .data) direkte.
`,
  audit: `klyngeflow audit verify [--committee ID] [--json]

  Kontrollerer revisionssporets kæder og navngiver enhver ændret eller fjernet hændelse.
  Kører npm start, spørges den; ellers læses datamappen (DATA_DIR, som standard .data), som skal findes.
`,
};

export function cliUsage(): string {
  return `klyngeflow – forretningsordenen for et politisk udvalg, automatiseret

Brug: klyngeflow <kommando> [tilvalg] [--json]
      klyngeflow <kommando> --help     hjælp til én kommando

${Object.values(CLI_HELP).map((h) => h.split("\n\n")[0]?.split("\n").map((l) => `  ${l}`).join("\n")).join("\n")}

Tider er dansk tid (Europe/Copenhagen). Med --json skriver en kommando præcis ét JSON-dokument.
Ugyldigt input giver afslutningsstatus 2 og én linje, der siger, hvad der er galt.
`;
}

/** What is wrong with an input, from its problem code (domain/errors.ts InputProblem). */
export function inputProblemDa(field: string, problem: { code: string; value?: string | undefined } | undefined, fallback: string): string {
  const v = problem?.value ?? "";
  switch (problem?.code) {
    case "invalid-date": return `${field}: "${v}" er ikke en gyldig dato (ÅÅÅÅ-MM-DD)`;
    case "invalid-date-time": return `${field}: "${v}" er ikke en gyldig dato og tid`;
    case "nonexistent-time": return `${field}: "${v}" findes ikke i dansk tid (uret springer det over, når sommertiden begynder)`;
    case "expected-date-time": return `${field}: forventede en dato og tid som 2027-04-22T14:00, fik "${v}"`;
    case "not-a-seat": return `${field}: "${v}" er ikke en plads i forretningsordenen`;
    case "unreadable-file": return `${field}: kan ikke læse ${v}`;
    case "not-json": return `${field}: ${v} er ikke gyldig JSON`;
    default: return `${field}: ${fallback}`;
  }
}

/** node:util parseArgs' refusals, in Danish. */
export function argsProblemDa(e: { code?: string; message: string }): string {
  const option = /'(-{1,2}[^']+)'/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": return `ukendt tilvalg ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": return `tilvalget ${option} skal have en værdi`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": return "uventet argument";
    default: return "tilvalgene kunne ikke læses";
  }
}
