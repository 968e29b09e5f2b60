"""Issue 23: replies as mail clients in other languages and quoting styles write them — top, bottom and
interleaved posts, reply headers in Danish, Norwegian, Swedish, German, English, Dutch (and more), '>' and '|'
quoting, separators with asterisks and underscores, wrapped 'wrote' lines, mobile footers, HTML-only replies.
Each entry says the text the member wrote ("own") and the reading expected. Run from test/fixtures/replies/:
    python3 ../../../scripts/make-reply-corpus-clients.py
"""
import base64, json, quopri, textwrap

TO = "svar+{{TOKEN}}@svar.sundhedsklynge-syd.example.org"
US = "Politisk Sundhedsklynge Syd"
US_ADDR = "sundhedsklynge@sundhedsklynge-syd.example.org"
TITLE = "Skriftlig votering: Forlængelse af fælles ammeindsats"
BALLOT = [
    TITLE, "",
    "Politisk Sundhedsklynge Syd bedes afgøre denne sag ved skriftlig votering (forretningsordenens § 3, stk. 6).",
    "Svarfrist: senest lørdag den 3. april 2027 kl. 23.59.", "",
    "Sådan stemmer du",
    "Svar JA, NEJ, UNDLAD eller INDSIGELSE øverst i dit svar på denne e-mail.",
]
MINUTES = ["Protokol fra mødet torsdag den 22. april 2027", "",
           "Har du indsigelser, skal vi have dem senest onsdag den 5. maj 2027 kl. 23.59. Svar INDSIGELSE på denne e-mail og skriv, hvad der skal rettes."]
SEATS = {
    "ishoj": ("Borgmester i Ishøj", "borgmester@ishoj.example.org"), "brondby": ("Borgmester i Brøndby", "borgmester@brondby.example.org"),
    "albertslund": ("Borgmester i Albertslund", "borgmester@albertslund.example.org"), "vallensbaek": ("Borgmester i Vallensbæk", "borgmester@vallensbaek.example.org"),
    "kobenhavn": ("Borgmester i København", "borgmester@kobenhavn.example.org"), "dragor": ("Borgmester i Dragør", "borgmester@dragor.example.org"),
    "hvidovre": ("Borgmester i Hvidovre", "borgmester@hvidovre.example.org"), "tarnby": ("Borgmester i Tårnby", "borgmester@tarnby.example.org"),
    "hoje-taastrup": ("Borgmester i Høje-Taastrup", "borgmester@hoje-taastrup.example.org"), "glostrup": ("Borgmester i Glostrup", "borgmester@glostrup.example.org"),
    "rodovre": ("Borgmester i Rødovre", "borgmester@rodovre.example.org"), "region-1": ("Regionsrådsformand", "region-1@region.example.org"),
    "region-2": ("Regionsrådsmedlem 2", "region-2@region.example.org"), "region-3": ("Regionsrådsmedlem 3", "region-3@region.example.org"),
    "region-4": ("Regionsrådsmedlem 4", "region-4@region.example.org"), "plo-1": ("Praktiserende læge 1", "laege-1@plo.example.org"),
    "plo-2": ("Praktiserende læge 2", "laege-2@plo.example.org"),
}
entries = []
counter = [0]


def crlf(text): return text.replace("\r\n", "\n").replace("\n", "\r\n")
def qp(text, charset): return quopri.encodestring(crlf(text).encode(charset)).decode("ascii")
def b64(text, charset="utf-8"): return base64.encodebytes(crlf(text).encode(charset)).decode("ascii").replace("\n", "\r\n")


def word(text, charset="utf-8", kind="B"):
    """An RFC 2047 encoded word for a header with non-ASCII text."""
    if all(ord(c) < 128 for c in text): return text
    if kind == "Q": return f"=?{charset}?Q?" + quopri.encodestring(text.encode(charset), header=True).decode() + "?="
    return f"=?{charset}?B?" + base64.b64encode(text.encode(charset)).decode() + "?="


def headers(seat, subject, mid_domain, extra="", charset="utf-8", kind="B"):
    name, addr = SEATS[seat]
    counter[0] += 1
    return (f"From: {word(name, charset, kind)} <{addr}>\r\nTo: {word(US, charset, kind)} <{TO}>\r\nSubject: {word(subject, charset, kind)}\r\n"
            f"Date: Sat, 27 Mar 2027 10:14:03 +0100\r\nMessage-ID: <clients-{counter[0]:03d}@{mid_domain}>\r\nIn-Reply-To: <ballot-0001@sundhedsklynge-syd.example.org>\r\n"
            f"References: <ballot-0001@sundhedsklynge-syd.example.org>\r\nMIME-Version: 1.0\r\n{extra}")


def quoted(lines, marker="> "):
    return "\n".join((marker + l) if l else marker.rstrip() for l in lines)


def text_part(text, charset="utf-8", cte="quoted-printable", flowed=False):
    ct = f"text/plain; charset=\"{charset}\"" + ("; format=flowed" if flowed else "")
    body = qp(text, charset) if cte == "quoted-printable" else b64(text, charset) if cte == "base64" else crlf(text)
    return f"Content-Type: {ct}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n{body}\r\n"


def html_part(html, charset="utf-8", cte="quoted-printable"):
    body = qp(html, charset) if cte == "quoted-printable" else b64(html, charset)
    return f"Content-Type: text/html; charset=\"{charset}\"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n{body}\r\n"


def alternative(boundary, *parts):
    return f"Content-Type: multipart/alternative;\r\n\tboundary=\"{boundary}\"\r\n\r\n" + "".join(f"--{boundary}\r\n{p}" for p in parts) + f"--{boundary}--\r\n"


def write(name, raw, client, action, seat, own, expect, notes=""):
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    data.decode("ascii")  # every byte beyond ASCII is in a transfer encoding, as clients send it
    with open(name + ".eml", "wb") as f: f.write(data)
    entries.append({"file": name + ".eml", "client": client, "action": action, "token": {"seat": seat}, "own": own, "expect": expect, "notes": notes})


def vote(answer, remark=None):
    e = {"outcome": "recorded", "reading": "vote", "answer": answer}
    if remark: e["remark"] = remark
    return e


def unclear(reason): return {"outcome": "not-understood", "reading": "unclear", "reason": reason}


LOCALE = {"sv": "sv-SE", "de": "de-DE", "nl": "nl-NL", "en": "en-US", "no": "nb-NO", "es": "es-ES", "it": "it-IT"}


# ── Outlook desktop: header blocks in the client's language, text + Word HTML ─────────────────────────────
def outlook(seat, own, lang, charset="windows-1252", subject_prefix="SV"):
    name, addr = SEATS[seat]
    labels = {
        "sv": ("Från", "Skickat", "Till", "Ämne", "den 26 mars 2027 10:00"), "de": ("Von", "Gesendet", "An", "Betreff", "Freitag, 26. März 2027 10:00"),
        "nl": ("Van", "Verzonden", "Aan", "Onderwerp", "vrijdag 26 maart 2027 10:00"), "en": ("From", "Sent", "To", "Subject", "Friday, March 26, 2027 10:00 AM"),
        "no": ("Fra", "Sendt", "Til", "Emne", "fredag 26. mars 2027 10:00"), "es": ("De", "Enviado el", "Para", "Asunto", "viernes, 26 de marzo de 2027 10:00"),
        "it": ("Da", "Inviato", "A", "Oggetto", "venerdì 26 marzo 2027 10:00"),
    }[lang]
    f, s, t, subj, date = labels
    text = own + "\n\n" + f"{f}: {US} <{US_ADDR}>\n{s}: {date}\n{t}: {name} <{addr}>\n{subj}: {TITLE}\n\n" + "\n".join(BALLOT) + "\n"
    own_html = "".join(f"<p class=MsoNormal>{l or '&nbsp;'}<o:p></o:p></p>" for l in own.split("\n"))
    html = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=Content-Type content=\"text/html; charset=" + charset + "\">"
            "<style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;font-family:\"Calibri\",sans-serif;} --></style></head><body lang=DA link=\"#0563C1\"><div class=WordSection1>"
            + own_html + "<p class=MsoNormal><o:p>&nbsp;</o:p></p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
            f"<p class=MsoNormal><b>{f}:</b> {US} &lt;{US_ADDR}&gt; <br><b>{s}:</b> {date}<br><b>{t}:</b> {name} &lt;{addr}&gt;<br><b>{subj}:</b> {TITLE}<o:p></o:p></p></div></div>"
            + "".join(f"<p class=MsoNormal>{l or '&nbsp;'}<o:p></o:p></p>" for l in BALLOT) + "</div></body></html>")
    extra = f"Thread-Topic: {word(TITLE, charset, 'Q')}\r\nThread-Index: AQHZ{counter[0]:04d}abcdEFGHijkl==\r\nContent-Language: {LOCALE[lang]}\r\nX-MS-Has-Attach:\r\nX-MS-TNEF-Correlator:\r\n"
    return headers(seat, f"{subject_prefix}: {TITLE}", "outlook.example.org", extra, charset, "Q") + alternative(f"_000_AM0PR{counter[0]:04d}OUTLOOK_", text_part(text, charset), html_part(html, charset))


write("100-outlook-desktop-sv-ja", outlook("ishoj", "JA", "sv"), "Outlook desktop (sv), QP windows-1252", "written-vote", "ishoj", "JA", vote("for"), "Swedish header block Från:/Skickat:/Till:/Ämne:")
write("101-outlook-desktop-de-nej-remark", outlook("brondby", "NEJ\nJeg ønsker min dissens ført til protokol.", "de"), "Outlook desktop (de)", "written-vote", "brondby",
      "NEJ\nJeg ønsker min dissens ført til protokol.", vote("against", "Jeg ønsker min dissens ført til protokol."), "German Von:/Gesendet:/An:/Betreff:; the remark holds only the member's words")
write("102-outlook-desktop-nl-undlad", outlook("albertslund", "Undlad", "nl", "iso-8859-1"), "Outlook desktop (nl), ISO-8859-1", "written-vote", "albertslund", "Undlad", vote("abstain"), "Dutch Van:/Verzonden:/Aan:/Onderwerp:")
write("103-outlook-desktop-en-ja", outlook("vallensbaek", "Ja tak", "en", subject_prefix="RE"), "Outlook desktop (en)", "written-vote", "vallensbaek", "Ja tak", vote("for", "tak"), "English From:/Sent:/To:/Subject:")
write("104-outlook-desktop-no-nej", outlook("kobenhavn", "Nej", "no"), "Outlook desktop (no)", "written-vote", "kobenhavn", "Nej", vote("against"), "Norwegian Fra:/Sendt:/Til:/Emne:")
write("105-outlook-desktop-es-ja", outlook("dragor", "JA", "es", subject_prefix="RE"), "Outlook desktop (es)", "written-vote", "dragor", "JA", vote("for"), "Spanish De:/Enviado el:/Para:/Asunto:")
write("106-outlook-desktop-it-nej", outlook("hvidovre", "NEJ", "it", subject_prefix="R"), "Outlook desktop (it)", "written-vote", "hvidovre", "NEJ", vote("against"), "Italian Da:/Inviato:/A:/Oggetto:")


# ── Gmail: attribution lines in many languages, wrapped as Gmail wraps them, text + HTML ─────────────────
def gmail(seat, own, attribution, wrap_at=None, bottom=False):
    attr = attribution.replace("{US}", US).replace("{ADDR}", US_ADDR)
    # Gmail wraps a long attribution at spaces, as it wraps any line of a plain-text part.
    attr_text = attr if not wrap_at else "\n".join(textwrap.wrap(attr, wrap_at, break_long_words=False, break_on_hyphens=False))
    q = quoted(BALLOT)
    text = (attr_text + "\n\n" + q + "\n\n" + own + "\n") if bottom else (own + "\n\n" + attr_text + "\n\n" + q + "\n")
    own_html = "".join(f"<div>{l}</div>" if l else "<div><br></div>" for l in own.split("\n"))
    quote_html = (f"<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">{attr.replace('<', '&lt;').replace('>', '&gt;')}<br></div>"
                  "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">" + "<br>".join(BALLOT) + "</blockquote></div>")
    html = f"<div dir=\"ltr\">{own_html}</div><br>{quote_html}" if not bottom else f"{quote_html}<div dir=\"ltr\">{own_html}</div>"
    return headers(seat, f"Re: {TITLE}", "mail.gmail.example.com") + alternative(f"0000000000{counter[0]:04d}e5f60789abcd", text_part(text), html_part(html))


write("110-gmail-en-date-first-wrapped", gmail("tarnby", "Yes", "On Fri, 26 Mar 2027 at 10:00, {US} <{ADDR}> wrote:", wrap_at=60), "Gmail (en-GB), date-first 'On … wrote:' wrapped over 2 lines",
      "written-vote", "tarnby", "Yes", vote("for"))
write("111-gmail-nl-schreef", gmail("hoje-taastrup", "Ja", "Op vr 26 mrt 2027 om 10:00 schreef {US} <{ADDR}>:", wrap_at=40), "Gmail (nl), 'Op … schreef' wrapped over 3 lines", "written-vote", "hoje-taastrup", "Ja", vote("for"))
write("112-gmail-no-date-first", gmail("glostrup", "NEJ", "fre. 26. mar. 2027 kl. 10:00 skrev {US} <{ADDR}>:", wrap_at=30), "Gmail (no), date-first 'fre. … skrev' wrapped over 4 lines", "written-vote", "glostrup", "NEJ", vote("against"))
write("113-gmail-sv-den-skrev", gmail("rodovre", "Undlader", "Den fre 26 mars 2027 kl 10:00 skrev {US} <{ADDR}>:", wrap_at=50), "Gmail (sv)", "written-vote", "rodovre", "Undlader", vote("abstain"))
write("114-gmail-de-schrieb", gmail("region-1", "JA", "Am Fr., 26. März 2027 um 10:00 Uhr schrieb {US} <{ADDR}>:", wrap_at=55), "Gmail (de), 'Am … schrieb'", "written-vote", "region-1", "JA", vote("for"))
write("115-gmail-pt-escreveu", gmail("region-2", "JA", "Em sex., 26 de mar. de 2027 às 10:00, {US} <{ADDR}> escreveu:", wrap_at=45), "Gmail (pt-BR), 'Em … escreveu'", "written-vote", "region-2", "JA", vote("for"))
write("116-gmail-es-escribio", gmail("region-3", "NEJ", "El vie, 26 mar 2027 a las 10:00, {US} (<{ADDR}>) escribió:", wrap_at=45), "Gmail (es), 'El … escribió'", "written-vote", "region-3", "NEJ", vote("against"))
write("117-gmail-pl-napisal", gmail("region-4", "JA", "pt., 26 mar 2027 o 10:00 {US} <{ADDR}> napisał(a):", wrap_at=40), "Gmail (pl), 'napisał(a)'", "written-vote", "region-4", "JA", vote("for"))
write("118-gmail-da-bottom-post", gmail("plo-1", "UNDLAD", "Den fre. 26. mar. 2027 kl. 10.00 skrev {US} <{ADDR}>:", wrap_at=65, bottom=True), "Gmail (da), bottom post below the quote",
      "written-vote", "plo-1", "UNDLAD", vote("abstain"), "nothing above the quote: the answer below it is read")


# ── Apple Mail and iOS: '>' quoting, footers in the phone's language ──────────────────────────────────────
def apple(seat, own, attribution, footer=None, mailer="iPhone Mail (21E236)", cte="base64", bottom=False):
    attr = attribution.replace("{US}", US).replace("{ADDR}", US_ADDR)
    body_own = own + ("\n\n" + footer if footer else "")
    q = "> " + attr + "\n> \n" + quoted(BALLOT)
    text = (q + "\n\n" + body_own + "\n") if bottom else (body_own + "\n\n" + q + "\n")
    return headers(seat, f"Re: {TITLE}", "icloud.example.com", f"X-Mailer: {mailer}\r\n") + text_part(text, cte=cte)


write("120-ios-sv-skickat-fran", apple("plo-2", "Ja", "26 mars 2027 kl. 10:00 skrev {US} <{ADDR}>:", "Skickat från min iPhone"), "iOS Mail (sv), base64", "written-vote", "plo-2", "Ja", vote("for"), "Swedish footer")
write("121-ios-fr-envoye-de", apple("ishoj", "NEJ", "Le 26 mars 2027 à 10:00, {US} <{ADDR}> a écrit :", "Envoyé de mon iPhone"), "iOS Mail (fr)", "written-vote", "ishoj", "NEJ", vote("against"), "French footer")
write("122-ios-de-von-meinem", apple("brondby", "JA", "Am 26.03.2027 um 10:00 schrieb {US} <{ADDR}>:", "Von meinem iPhone gesendet"), "iOS Mail (de)", "written-vote", "brondby", "JA", vote("for"), "German footer")
write("123-ios-nl-verstuurd-vanaf", apple("albertslund", "Undlad", "Op 26 mrt. 2027 om 10:00 heeft {US} <{ADDR}> het volgende geschreven:", "Verstuurd vanaf mijn iPhone"), "iOS Mail (nl)", "written-vote", "albertslund", "Undlad", vote("abstain"), "Dutch footer and attribution")
write("124-ios-no-sendt-fra", apple("vallensbaek", "Nej", "26. mar. 2027 kl. 10:00 skrev {US} <{ADDR}>:", "Sendt fra min iPhone"), "iOS Mail (no)", "written-vote", "vallensbaek", "Nej", vote("against"))
write("125-apple-mail-en-bottom", apple("kobenhavn", "JA\nMed forbehold for finansieringen.", "On 26 Mar 2027, at 10:00, {US} <{ADDR}> wrote:", mailer="Apple Mail (2.3774.500.171.1.1)", cte="quoted-printable", bottom=True),
      "Apple Mail (en), bottom post", "written-vote", "kobenhavn", "JA\nMed forbehold for finansieringen.", vote("for", "Med forbehold for finansieringen."))


# ── Thunderbird and mailing-list style: bottom posts, interleaved answers, '|' quoting, separators ─────────
def plain_reply(seat, text, mailer="Mozilla Thunderbird", charset="utf-8", subject=f"Re: {TITLE}"):
    return headers(seat, subject, "thunderbird.example.net", f"User-Agent: {mailer}\r\nContent-Language: da\r\n") + text_part(text, charset)


tb_attr = f"Den 26-03-2027 kl. 10:00 skrev {US}:"
write("130-thunderbird-da-bottom", plain_reply("dragor", tb_attr + "\n" + quoted(BALLOT) + "\n\nJA\n\n-- \nBorgmester i Dragør\n"), "Thunderbird (da), bottom post with a signature",
      "written-vote", "dragor", "JA", vote("for"), "the quote first, the answer and a -- signature below")
write("131-thunderbird-en-interleaved", plain_reply("hvidovre", f"On 26/03/2027 10:00, {US} wrote:\n" + quoted(BALLOT[:3]) + "\n\nNEJ\n\n" + quoted(BALLOT[3:]) + "\n\nJeg ønsker dissens ført til protokol.\n"),
      "Thunderbird (en), interleaved", "written-vote", "hvidovre", "NEJ\n\nJeg ønsker dissens ført til protokol.", vote("against", "Jeg ønsker dissens ført til protokol."), "answer and remark between quote blocks")
write("132-mailing-list-pipe-bottom", plain_reply("tarnby", f"{US} skrev:\n" + quoted(BALLOT, "| ") + "\n\nUndlader\n", mailer="Mutt/2.2.12"), "mutt, '|' quoting, bottom post",
      "written-vote", "tarnby", "Undlader", vote("abstain"), "'|' quote marker")
write("133-pipe-quoting-top", plain_reply("hoje-taastrup", "Ja\n\n" + quoted(BALLOT, "| ") + "\n", mailer="Mutt/2.2.12"), "mutt, '|' quoting, top post", "written-vote", "hoje-taastrup", "Ja", vote("for"),
      "no attribution: every '|' line is quoted")
write("134-both-sides-disagree", plain_reply("glostrup", "JA\n\n" + tb_attr + "\n" + quoted(BALLOT) + "\n\nNEJ\n"), "Thunderbird (da), text above and below the quote", "written-vote", "glostrup",
      "JA\n\nNEJ", dict(unclear("disagreeing-answers"), answers=["for", "against"]), "JA above, NEJ below: unclear, asked again")
write("135-at-you-wrote", plain_reply("rodovre", "NEJ\n\nAt 10:00 26-03-2027, you wrote:\n" + quoted(BALLOT) + "\n", mailer="Eudora/7.1"), "Eudora-style 'At … you wrote:'", "written-vote", "rodovre", "NEJ", vote("against"))
write("136-name-first-skrev-den", plain_reply("region-1", "Ja tak\n\n" + f"{US} <{US_ADDR}> skrev den 26. marts 2027\nkl. 10.00:\n" + quoted(BALLOT) + "\n", mailer="Roundcube Webmail/1.6.6"),
      "Roundcube (da), name-first 'skrev den …' wrapped", "written-vote", "region-1", "Ja tak", vote("for", "tak"))
write("137-asterisk-original-message", plain_reply("region-2", "JA\n\n\n*-------- Original Message --------*\n*Subject:* " + TITLE + "\n*Date:* Fri, 26 Mar 2027 10:00:00 +0100\n*From:* " + US + " <" + US_ADDR + ">\n*To:* Regionsrådsmedlem 2\n\n\n" + "\n".join(BALLOT) + "\n"),
      "Thunderbird HTML-to-text, '*-------- Original Message --------*'", "written-vote", "region-2", "JA", vote("for"), "asterisked separator")
write("138-underscore-separator-outlook-mobile", plain_reply("region-3", "UNDLAD\n\nGet Outlook for iOS\n________________________________\nFrom: " + US + " <" + US_ADDR + ">\nSent: Friday, March 26, 2027 10:00:00 AM\nTo: Regionsrådsmedlem 3\nSubject: " + TITLE + "\n\n" + "\n".join(BALLOT) + "\n", mailer="Outlook-iOS/2.0"),
      "Outlook for iOS (en), underscore separator", "written-vote", "region-3", "UNDLAD", vote("abstain"), "English mobile footer and a line of underscores")
write("139-bold-star-header-block", plain_reply("region-4", "Nej tak\n\n*Fra:* " + US + " <" + US_ADDR + ">\n*Sendt:* 26. marts 2027 10:00\n*Til:* Regionsrådsmedlem 4\n*Emne:* " + TITLE + "\n\n" + "\n".join(BALLOT) + "\n"),
      "Gmail's text of an Outlook header block (*Fra:* …)", "written-vote", "region-4", "Nej tak", vote("against", "tak"))
write("140-quote-only-no-answer", plain_reply("plo-1", tb_attr + "\n" + quoted(BALLOT) + "\n"), "Thunderbird (da), a reply with only the quote", "written-vote", "plo-1", "", unclear("only-quoted"),
      "the member wrote nothing: 'we could not find your answer', never 'your reply was empty'")
write("141-signature-only", plain_reply("plo-2", "Med venlig hilsen\nPraktiserende læge 2\n\n" + tb_attr + "\n" + quoted(BALLOT) + "\n"), "Thunderbird (da), only a signature above the quote", "written-vote", "plo-2", "",
      unclear("only-quoted"), "a greeting is no answer")


# ── HTML-only replies: Outlook's divRplyFwdMsg, Gmail's gmail_quote, Apple's blockquote type=cite ────────
def html_only(seat, html, mailer, cte="base64", charset="utf-8"):
    return headers(seat, f"SV: {TITLE}", "html.example.org", f"X-Mailer: {mailer}\r\n") + html_part(html, charset, cte)


owa = ("<html><head><style type=\"text/css\" style=\"display:none;\"> P {margin-top:0;margin-bottom:0;} </style></head><body dir=\"ltr\">"
       "<div style=\"font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;\">NEJ</div><div style=\"font-size: 12pt;\">Kommunen kan ikke finansiere sin del.</div>"
       "<div id=\"appendonsend\"></div><hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\">"
       f"<b>From:</b> {US} &lt;{US_ADDR}&gt;<br><b>Sent:</b> Friday, March 26, 2027 10:00 AM<br><b>Subject:</b> {TITLE}</font><div>&nbsp;</div></div>"
       "<div>" + "<br>".join(BALLOT) + "</div></body></html>")
write("150-owa-html-only-nej-remark", html_only("ishoj", owa, "Microsoft Outlook Web App"), "Outlook on the web (en), HTML only, base64", "written-vote", "ishoj",
      "NEJ\nKommunen kan ikke finansiere sin del.", vote("against", "Kommunen kan ikke finansiere sin del."), "divRplyFwdMsg and everything after it is the quote")
gq = ("<div dir=\"ltr\">Undlader<div><br></div><div>Venlig hilsen</div><div>Borgmester</div></div><br><div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" class=\"gmail_attr\">"
      f"Den fre. 26. mar. 2027 kl. 10.00 skrev {US} &lt;<a href=\"mailto:{US_ADDR}\">{US_ADDR}</a>&gt;:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex\">"
      + "<br>".join(BALLOT) + "</blockquote></div>")
write("151-gmail-html-only-undlad", html_only("brondby", gq, "Gmail relay", "quoted-printable"), "Gmail (da), HTML only, QP", "written-vote", "brondby", "Undlader", vote("abstain"), "gmail_quote; the greeting is cut")
ap = ("<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head><body style=\"overflow-wrap: break-word;\"><div><br><blockquote type=\"cite\">"
      f"<div>On 26 Mar 2027, at 10:00, {US} &lt;{US_ADDR}&gt; wrote:</div><br><div><div>" + "<br>".join(BALLOT) + "</div></div></blockquote></div><div>JA</div><div><br></div></body></html>")
write("152-apple-html-only-bottom", html_only("albertslund", ap, "Apple Mail (2.3774.500.171.1.1)", "quoted-printable"), "Apple Mail (en), HTML only, bottom post", "written-vote", "albertslund", "JA", vote("for"),
      "blockquote type=cite above, the answer below it")

# ── minutes: an interleaved objection and a bottom-posted one ────────────────────────────────────
write("160-minutes-objection-interleaved", plain_reply("brondby", f"Den 27-04-2027 kl. 10:00 skrev {US}:\n" + quoted(MINUTES) + "\n\nINDSIGELSE: Punkt 3 gengiver ikke Brøndbys bemærkning.\n",
      subject="Re: Protokol fra mødet torsdag den 22. april 2027"), "Thunderbird (da), minutes, bottom post", "minutes", "brondby", "INDSIGELSE: Punkt 3 gengiver ikke Brøndbys bemærkning.",
      {"outcome": "recorded", "reading": "objection", "text": "Punkt 3 gengiver ikke Brøndbys bemærkning."}, "the objection's text holds only the member's words")
write("161-minutes-no-objection-sv-outlook", headers("dragor", "SV: Protokol fra mødet torsdag den 22. april 2027", "outlook.example.org", "", "windows-1252", "Q")
      + text_part("Ingen indsigelser.\n\nFrån: " + US + " <" + US_ADDR + ">\nSkickat: den 27 april 2027 10:00\nTill: Borgmester i Dragør\nÄmne: Protokol\n\n" + "\n".join(MINUTES) + "\n", "windows-1252"),
      "Outlook (sv), minutes", "minutes", "dragor", "Ingen indsigelser.", {"outcome": "recorded", "reading": "no-objection"})

json.dump(entries, open("manifest-clients.json", "w"), indent=2, ensure_ascii=False)
print(len(entries), "emails")
