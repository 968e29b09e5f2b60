/**
 * the secretariat checks the audit trail from the console, with the same check as
 * `klyngeflow audit verify`, and reads what it found in Danish: the matter by its title, the seat by its title.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWrittenVote, recordVoteAnswer } from "#functions/written-votes/written-votes";
import { consoleGet, consoleLogin, visibleText } from "../support/console.ts";
import { rawDocumentClient } from "../support/local-store.ts";
import { startTestStack } from "../support/stack.ts";

const C = "sundhedsklynge-syd";
let s: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => { s = await startTestStack("2027-03-26T10:00:00+01:00"); }, 60_000);
afterAll(async () => { await s?.close(); });

describe("Kontrol af revisionssporet in the console (R-7.2)", () => {
  it("an intact trail says so; a response changed behind the system's back is named in Danish, with no code or English", async () => {
    const deps = s.runtime.deps;
    const vote = await openWrittenVote(deps, { committeeId: C, title: "Budget for 2028", question: "Godkender I?", openedBy: "secretariat" });
    await s.runtime.executor.idle();
    await recordVoteAnswer(deps, { committeeId: C, voteId: vote.voteId, seatId: "ishoj", respondent: { kind: "member" }, answer: "for", channel: "email", receivedAt: deps.clock.now(), sourceRef: "inbound/check-1" });
    const cookie = await consoleLogin(s.http.url, s.tokens.secretariat);
    const audit = await consoleGet(s.http.url, "/console/audit", cookie);
    expect(audit.text).toContain('href="/console/audit/kontrol"');
    const intact = visibleText((await consoleGet(s.http.url, "/console/audit/kontrol", cookie)).text);
    expect(intact).toMatch(/Revisionssporet er intakt: \d+ hændelser i \d+ kæder\./);

    // Someone changes Ishøj's answer in the table, not through klyngeflow.
    const doc = rawDocumentClient(s.runtime.dynamo.endpoint);
    const out = await doc.send(new QueryCommand({ TableName: s.runtime.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `V#${C}#${vote.voteId}` } }));
    const ishoj = out.Items?.find((i) => i.seatId === "ishoj");
    expect(ishoj).toBeDefined();
    await doc.send(new PutCommand({ TableName: s.runtime.tableName, Item: { ...ishoj, answer: "against" } }));
    doc.destroy();

    const page = await consoleGet(s.http.url, "/console/audit/kontrol", cookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain("Revisionssporet er BRUDT – ét problem:");
    expect(text).toMatch(/Skriftlig votering: Budget for 2028, hændelse nr\. \d+: svaret fra Borgmester, Ishøj Kommune passer ikke med sporet: sporet siger JA \(for\), tabellen NEJ \(imod\)/);
    expect(text).toContain("kontakt den, der driver systemet");
    expect(text).not.toMatch(/response-disagrees|does not agree|the trail|vote\//);
  });

  it("the chair may check too (the API route's roles)", async () => {
    const chair = await consoleLogin(s.http.url, s.tokens.chair);
    expect((await consoleGet(s.http.url, "/console/audit/kontrol", chair)).status).toBe(200);
  });
});
