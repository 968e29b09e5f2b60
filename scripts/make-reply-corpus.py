import base64, json, quopri, os
TO = "svar+{{TOKEN}}@svar.sundhedsklynge-syd.example.org"
FROM_US = "Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>"
BALLOT_QUOTE = """Skriftlig votering: Forlængelse af fælles ammeindsats

Politisk Sundhedsklynge Syd bedes afgøre denne sag ved skriftlig votering (forretningsordenens § 3, stk. 6).
Svarfrist: senest lørdag den 3. april 2027 kl. 23.59.

Sådan stemmer du
Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar på denne e-mail."""
MINUTES_QUOTE = """Protokol fra mødet torsdag den 22. april 2027

Har du indsigelser, skal vi have dem senest onsdag den 5. maj 2027 kl. 23.59. Svar INDSIGELSE på denne e-mail og skriv, hvad der skal rettes."""
AGENDA_QUOTE = """Dagsorden for mødet torsdag den 22. april 2027
Kan du ikke deltage?
Svar AFBUD på denne e-mail inden mødet. Kommer din suppleant i stedet, så skriv AFBUD – SUPPLEANT DELTAGER."""
CALL_QUOTE = """Har du et punkt til mødet torsdag den 22. april 2027?
Svar på denne e-mail. Skriv punktets overskrift i første linje og en kort beskrivelse nedenunder."""
REPORT_QUOTE = """Statusrapport til næste møde
Send en kort status senest torsdag den 25. marts 2027 kl. 23.59."""

entries = []
n = [0]
def msgid(tag):
    n[0] += 1
    return f"<{tag}-{n[0]:03d}@mail.example.net>"

def qp(text, charset):
    return quopri.encodestring(text.replace("\n", "\r\n").encode(charset)).decode("ascii")

def enc_subject(subject):
    if all(ord(c) < 128 for c in subject): return subject
    return "=?UTF-8?Q?" + quopri.encodestring(subject.encode("utf-8"), header=True).decode() + "?="

def hdr(frm, subject, mid, extra=""):
    subject = enc_subject(subject)
    return (f"From: {frm}\r\nTo: Politisk Sundhedsklynge Syd <{TO}>\r\nSubject: {subject}\r\n"
            f"Date: Sat, 27 Mar 2027 10:14:03 +0100\r\nMessage-ID: {mid}\r\nMIME-Version: 1.0\r\n{extra}")

def write(name, raw, client, action, seat, sender, expect, notes):
    with open(name + ".eml", "wb") as f:
        f.write(raw if isinstance(raw, bytes) else raw.encode("latin1") if all(ord(c) < 256 for c in raw) else raw.encode("utf-8"))
    entries.append({"file": name + ".eml", "client": client, "action": action, "token": {"seat": seat}, "sender": sender, "expect": expect, "notes": notes})

def outlook_da(own, quote, charset="iso-8859-1", frm="Borgmester i Ishøj <borgmester@ishoj.example.org>", subject="SV: Skriftlig votering: Forlængelse af fælles ammeindsats", tag="outlook"):
    quoted = f"\n\nFra: Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>\nSendt: 26. marts 2027 10:00\nTil: Borgmester i Ishøj <borgmester@ishoj.example.org>\nEmne: Skriftlig votering: Forlængelse af fælles ammeindsats\n\n{quote}\n"
    text = own + quoted
    html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + charset + "\"></head><body><div>" + own.replace("\n", "<br>") + "</div><div id=\"appendonsend\"></div><hr style=\"display:inline-block;width:98%\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><b>Fra:</b> Politisk Sundhedsklynge Syd<br><b>Sendt:</b> 26. marts 2027 10:00<br></div><div>" + quote.replace("\n", "<br>") + "</div></body></html>"
    b = "_000_DB9PR02MB7243A1B2C3D4E5F6DB9PR02MB7243eurp_"
    body = (f"Content-Type: multipart/alternative;\r\n\tboundary=\"{b}\"\r\nContent-Language: da-DK\r\nX-MS-Has-Attach:\r\nX-MS-TNEF-Correlator:\r\n\r\n"
            f"--{b}\r\nContent-Type: text/plain; charset=\"{charset}\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp(text, charset)}\r\n"
            f"--{b}\r\nContent-Type: text/html; charset=\"{charset}\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp(html, charset)}\r\n--{b}--\r\n")
    raw = hdr(encode_from(frm), subject, msgid(tag), "Thread-Topic: Skriftlig votering\r\nThread-Index: AQHZabcdEFGHijklmnop==\r\nAccept-Language: da-DK, en-US\r\n") + body
    return raw.encode("latin1")

def encode_from(frm):
    name, addr = frm.rsplit(" <", 1)
    if all(ord(c) < 128 for c in name): return frm
    return "=?iso-8859-1?Q?" + quopri.encodestring(name.encode("iso-8859-1"), header=True).decode() + "?= <" + addr

def gmail(own, quote, frm="Borgmester i Dragør <borgmester@dragor.example.org>", wrapped=True, subject="Re: Skriftlig votering: Forlængelse af fælles ammeindsats"):
    attr = ("Den fre. 26. mar. 2027 kl. 10.00 skrev Politisk Sundhedsklynge Syd <\nsundhedsklynge@sundhedsklynge-syd.example.org>:" if wrapped
            else "Den fre. 26. mar. 2027 kl. 10.00 skrev Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>:")
    text = own + "\n\n" + attr + "\n\n" + "\n".join("> " + l for l in quote.split("\n")) + "\n"
    html = f"<div dir=\"ltr\">{own}</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">{attr}<br></div><blockquote class=\"gmail_quote\">{quote}</blockquote></div>"
    b = "000000000000a1b2c3d4e5f60789"
    body = (f"Content-Type: multipart/alternative; boundary=\"{b}\"\r\n\r\n--{b}\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp(text, 'utf-8')}\r\n"
            f"--{b}\r\nContent-Type: text/html; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp(html, 'utf-8')}\r\n--{b}--\r\n")
    return (hdr(utf8_from(frm), subject, msgid("CAJgmail"), "") + body).encode("latin1")

def utf8_from(frm):
    name, addr = frm.rsplit(" <", 1)
    if all(ord(c) < 128 for c in name): return frm
    return "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?= <" + addr

def apple(own, quote, frm="Borgmester i Rødovre <borgmester@rodovre.example.org>", iphone=False, subject="Re: Skriftlig votering: Forlængelse af fælles ammeindsats"):
    footer = "\n\nSendt fra min iPhone" if iphone else ""
    text = own + footer + "\n\n> Den 26. mar. 2027 kl. 10.00 skrev Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>:\n> \n" + "\n".join("> " + l for l in quote.split("\n")) + "\n"
    body = f"Content-Type: text/plain;\r\n\tcharset=utf-8\r\nContent-Transfer-Encoding: base64\r\nX-Mailer: {'iPhone Mail (21D61)' if iphone else 'Apple Mail (2.3774.500.171.1.1)'}\r\n\r\n" + base64.encodebytes(text.replace("\n", "\r\n").encode()).decode().replace("\n", "\r\n")
    return (hdr(utf8_from(frm), subject, msgid("apple"), "") + body).encode("latin1")

def android(own, quote, frm="Borgmester i Glostrup <borgmester@glostrup.example.org>", subject="Re: Skriftlig votering: Forlængelse af fælles ammeindsats"):
    text = own + "\n\nHent Outlook til Android\n________________________________\nFrom: Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>\nSent: Friday, March 26, 2027 10:00:00 AM\nTo: Borgmester i Glostrup <borgmester@glostrup.example.org>\nSubject: Skriftlig votering\n\n" + quote + "\n"
    body = "Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text.replace("\n", "\r\n")
    return (hdr(utf8_from(frm), subject, msgid("android"), "") + body).encode("utf-8")

def html_only(own_html, quote, frm="Borgmester i Vallensbæk <borgmester@vallensbaek.example.org>", subject="SV: Skriftlig votering"):
    html = f"<html><body><p>{own_html}</p><div id=\"divRplyFwdMsg\"><b>Fra:</b> Politisk Sundhedsklynge Syd</div><div>{quote}</div><script>alert('x')</script></body></html>"
    body = "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(html.encode()).decode().replace("\n", "\r\n")
    return (hdr(utf8_from(frm), subject, msgid("owa"), "") + body).encode("latin1")

def plain(own, frm, subject="Re: Skriftlig votering", charset="utf-8", extra="", cte="8bit"):
    enc = own.replace("\n", "\r\n").encode(charset, errors="replace") if charset not in ("x-unknown-charset",) else own.encode("utf-8")
    raw = hdr(frm, subject, msgid("plain"), extra).encode("latin1") + f"Content-Type: text/plain; charset=\"{charset}\"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n".encode() + enc + b"\r\n"
    return raw

V, M, A, I, R = "written-vote", "minutes", "apology", "item-request", "initiative-report"
def exp(outcome, **kw): return dict(outcome=outcome, **kw)

# ── written votes ──
write("01-outlook-desktop-da-ja-qp-latin1", outlook_da("Ja\n\nMed venlig hilsen\nBorgmester i Ishøj", BALLOT_QUOTE), "Outlook desktop (da), QP ISO-8859-1", V, "ishoj", "member", exp("recorded", answer="for"), "JA on the first line; the quoted ballot (all keywords) and the Danish Fra:/Sendt: block are cut")
write("02-outlook-desktop-da-nej-dissens-cp1252", outlook_da("NEJ – jeg ønsker min dissens ført til protokol: indsatsen bør evalueres først.", BALLOT_QUOTE, charset="windows-1252", frm="Borgmester i Brøndby <borgmester@brondby.example.org>", tag="outlook1252"), "Outlook desktop (da), QP windows-1252", V, "brondby", "member", exp("recorded", answer="against", remark="jeg ønsker min dissens ført til protokol"), "NEJ with a dissent remark (R-7.1), en dash from windows-1252")
write("03-gmail-da-undlad-wrapped-attribution", gmail("undlad", BALLOT_QUOTE), "Gmail web (da), wrapped 'Den … skrev:'", V, "dragor", "member", exp("recorded", answer="abstain"), "lower-case keyword; Gmail's attribution wrapped over two lines")
write("04-apple-mail-ja-base64", apple("Ja tak.", BALLOT_QUOTE), "Apple Mail, base64 UTF-8", V, "rodovre", "member", exp("recorded", answer="for"), "")
write("05-ios-mail-nej-sendt-fra-min-iphone", apple("Nej", BALLOT_QUOTE, frm="Borgmester i Tårnby <borgmester@tarnby.example.org>", iphone=True), "iOS Mail", V, "tarnby", "member", exp("recorded", answer="against"), "'Sendt fra min iPhone' footer")
write("29-android-outlook-indsigelse", android("INDSIGELSE. Sagen skal behandles på et møde.", BALLOT_QUOTE), "Outlook for Android", V, "glostrup", "member", exp("recorded", answer="objection"), "objection to the written procedure (R-3.6)")
write("07-owa-html-only-ja", html_only("<b>JA</b>", BALLOT_QUOTE.replace("\n", "<br>")), "Outlook on the web, HTML only, base64", V, "vallensbaek", "member", exp("recorded", answer="for"), "HTML-only body; divRplyFwdMsg quote cut before converting; a script tag is ignored")
write("08-english-yes-approve", plain("Yes, I approve.\n\nBest regards\nMayor of Albertslund", "Borgmester i Albertslund <borgmester@albertslund.example.org>"), "Thunderbird, English", V, "albertslund", "member", exp("recorded", answer="for"), "English synonym")
write("09-zero-width-inside-ja", plain("J\u200bA\u200d", "Borgmester i Hvidovre <borgmester@hvidovre.example.org>"), "any client, zero-width characters", V, "hvidovre", "member", exp("recorded", answer="for"), "zero-width space and joiner inside the keyword are stripped")
write("10-cyrillic-a-in-ja", plain("J\u0410", "Borgmester i København <borgmester@kobenhavn.example.org>"), "any client, look-alike letter", V, "kobenhavn", "member", exp("recorded", answer="for"), "Cyrillic capital A folded to Latin")
write("11-ambiguous-ja-eller-nej", plain("Ja eller måske nej, jeg er i tvivl", "Borgmester i Høje-Taastrup <borgmester@hoje-taastrup.example.org>"), "any client", V, "hoje-taastrup", "member", exp("not-understood"), "two answers: never guessed")
write("12-keywords-only-in-quote", gmail("Tak for materialet, jeg vender tilbage.", BALLOT_QUOTE, frm="Regionsrådsmedlem 2 (fiktiv) <region-2@region.example.org>"), "Gmail web (da)", V, "region-2", "member", exp("not-understood"), "'for' inside 'Tak for materialet' is not a vote; the quoted ballot has every keyword")
write("13-signature-contains-nej", outlook_da("\n\nMed venlig hilsen\nNej-Hansen\nRegionsrådsmedlem", BALLOT_QUOTE, frm="Regionsrådsmedlem 3 (fiktiv) <region-3@region.example.org>"), "Outlook desktop (da)", V, "region-3", "member", exp("not-understood"), "the only 'Nej' is in the signature")
write("14-negated-ikke-ja", plain("ikke ja til dette forslag", "Regionsrådsmedlem 4 (fiktiv) <region-4@region.example.org>"), "any client", V, "region-4", "member", exp("not-understood"), "negation makes it unclear")
write("15-empty-body", plain("", "Praktiserende læge 1 (fiktiv) <laege-1@plo.example.org>"), "any client", V, "plo-1", "member", exp("not-understood"), "")
write("16-forged-stranger-sender", plain("JA", "Someone <someone@example.net>"), "any client", V, "plo-2", "stranger", exp("not-accepted", reason="wrong-sender"), "a valid token but a sender who is neither the member nor the substitute")
write("17-other-members-token", plain("NEJ", "Borgmester i Ishøj <borgmester@ishoj.example.org>"), "any client", V, "brondby", "other-seat", exp("not-accepted", reason="wrong-sender"), "Ishøj's mayor replies with Brøndby's token")
write("18-auto-submitted-out-of-office", plain("Jeg er på ferie til og med 5. april. Ja, jeg læser ikke mail.", "Borgmester i Dragør <borgmester@dragor.example.org>", subject="Automatisk svar: Skriftlig votering", extra="Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n"), "Outlook out-of-office", V, "dragor", "member", exp("ignored-auto-reply"), "RFC 3834: never answered")
write("19-x-autoreply-fravaerende", plain("Fraværende – kontakt sekretariatet.", "Regionsrådsformand (fiktiv) <region-1@region.example.org>", subject="Fraværende: Skriftlig votering", extra="X-Autoreply: yes\r\nPrecedence: auto_reply\r\n"), "autoresponder", V, "region-1", "member", exp("ignored-auto-reply"), "")
write("20-mailer-daemon-bounce", plain("Delivery has failed to these recipients", "Mail Delivery System <MAILER-DAEMON@mail.example.net>", subject="Undeliverable: Skriftlig votering"), "bounce", V, "ishoj", "stranger", exp("ignored-auto-reply"), "a bounce is never answered")
write("21-substitute-not-representing", plain("JA", "Suppleant for borgmesteren i Ishøj (fiktiv) <suppleant@ishoj.example.org>"), "any client", V, "ishoj", "substitute", exp("not-accepted", reason="substitute-not-representing"), "the substitute answers but the secretariat has not recorded a representation")
write("22-multipart-mixed-with-pdf", (hdr("Borgmester i Rødovre <borgmester@rodovre.example.org>", "SV: Skriftlig votering", msgid("mixed")) +
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nUNDLAD\r\nBemærkning: se vedhæftede notat.\r\n--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>UNDLAD</p><p>Bemærkning: se vedhæftede notat.</p>\r\n--inner--\r\n--outer\r\nContent-Type: application/pdf; name=\"notat.pdf\"\r\nContent-Disposition: attachment; filename=\"notat.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
    base64.b64encode(b"%PDF-1.4\n% fake notat\n").decode() + "\r\n--outer--\r\n").encode("utf-8"), "Outlook, multipart/mixed with a PDF", V, "rodovre", "member", exp("recorded", answer="abstain"), "attachment kept with the raw message")
write("23-invalid-charset-label", plain("NEJ", "Borgmester i Tårnby <borgmester@tarnby.example.org>", charset="x-unknown-charset"), "broken client", V, "tarnby", "member", exp("recorded", answer="against"), "an unknown charset label must not crash: ASCII still reads")
deep = hdr("Borgmester i Ishøj <borgmester@ishoj.example.org>", "SV: Skriftlig votering", msgid("deep"))
for d in range(12): deep += f"Content-Type: multipart/mixed; boundary=\"b{d}\"\r\n\r\n--b{d}\r\n"
deep += "Content-Type: text/plain\r\n\r\nJA\r\n" + "".join(f"--b{d}--\r\n" for d in reversed(range(12)))
write("24-deeply-nested-multipart", deep.encode("latin1"), "hostile", V, "ishoj", "member", exp("unreadable", reason="too-deep"), "12 nested multiparts: refused before parsing")
many = hdr("Borgmester i Ishøj <borgmester@ishoj.example.org>", "SV: Skriftlig votering", msgid("many")) + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n" + "".join("--m\r\nContent-Type: text/plain\r\n\r\nJA\r\n" for _ in range(150)) + "--m--\r\n"
write("25-150-parts", many.encode("latin1"), "hostile", V, "ishoj", "member", exp("unreadable", reason="too-many-parts"), "")
dup = outlook_da("Ja", BALLOT_QUOTE, frm="Praktiserende læge 2 (fiktiv) <laege-2@plo.example.org>", tag="dup")
write("26-ja-plo2", dup, "Outlook desktop (da)", V, "plo-2", "member", exp("recorded", answer="for"), "first delivery")
write("27-ja-plo2-redelivered", dup, "Outlook desktop (da)", V, "plo-2", "member", exp("duplicate"), "identical bytes delivered again: counts once")
# ── minutes ──
write("30-minutes-objection-outlook", outlook_da("INDSIGELSE\nPunkt 3: Brøndby Kommunes bemærkning om udskrivning er ikke gengivet.", MINUTES_QUOTE, frm="Borgmester i Brøndby <borgmester@brondby.example.org>", subject="SV: Protokol: mødet torsdag den 22. april 2027", tag="min1"), "Outlook desktop (da)", M, "brondby", "member", exp("recorded", reading="objection"), "")
write("31-minutes-no-objection", gmail("Ingen indsigelser herfra.", MINUTES_QUOTE, frm="Borgmester i Dragør <borgmester@dragor.example.org>", subject="Re: Protokol"), "Gmail web (da)", M, "dragor", "member", exp("recorded", reading="no-objection"), "an approval is noted, not an objection")
write("32-minutes-thanks-unclear", apple("Tak for protokollen.", MINUTES_QUOTE, subject="Re: Protokol"), "Apple Mail", M, "rodovre", "member", exp("not-understood"), "neither an objection nor a clear approval")
# ── apologies ──
write("40-apology-with-substitute", outlook_da("Afbud – min suppleant deltager.", AGENDA_QUOTE, charset="windows-1252", frm="Borgmester i Glostrup <borgmester@glostrup.example.org>", subject="SV: Dagsorden: Mødet torsdag den 22. april 2027", tag="afbud"), "Outlook desktop (da)", A, "glostrup", "member", exp("recorded", reading="apology", substituteAttends=True), "")
write("41-apology-iphone", apple("Jeg kan desværre ikke deltage. Afbud.", AGENDA_QUOTE, frm="Regionsrådsmedlem 2 (fiktiv) <region-2@region.example.org>", iphone=True, subject="Re: Dagsorden"), "iOS Mail", A, "region-2", "member", exp("recorded", reading="apology", substituteAttends=False), "")
# ── item requests ──
write("50-item-request", gmail("Opfølgning på akutpladser i Hvidovre\nJeg ønsker en drøftelse af kapaciteten i den fælles akutmodtagelse (FAM) og de seneste tal.", CALL_QUOTE, frm="Borgmester i Hvidovre <borgmester@hvidovre.example.org>", subject="Re: Punkter til dagsordenen"), "Gmail web (da)", I, "hvidovre", "member", exp("recorded", reading="item-request", title="Opfølgning på akutpladser i Hvidovre"), "title on the first line, description below")
# ── initiative reports ──
write("60-initiative-report", plain("Status: på sporet\nAndel fuldt ammet ved 2 uger: 61,5 %\nForbrug: 210.000 kr.\nVi har uddannet 40 sundhedsplejersker.\n\n" + "Den tor. 11. mar. 2027 kl. 09.00 skrev Politisk Sundhedsklynge Syd <sundhedsklynge@sundhedsklynge-syd.example.org>:\n> " + REPORT_QUOTE.replace("\n", "\n> "), "Projektleder (fiktiv) <ammeindsats@region.example.org>", subject="Re: Statusrapport for Fælles ammeindsats"), "any client", R, "owner:faelles-ammeindsats", "member", exp("recorded", reading="report"), "key figures as 'Name: number' lines")

json.dump(entries, open("manifest.json", "w"), indent=2, ensure_ascii=False)
print(len(entries), "emails")
