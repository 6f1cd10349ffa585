"""The proposal: what a medborgarlöfte's text holds, found line by line. Pure Python, no Django:
`propose(text)` returns a `Proposal` whose `as_json()` is the command's `--json` output
(`proposal.schema.json`). Every line of the text ends up placed (title, a section, a focus area,
a löfte, a signatory, an attachment, or dropped as noise of a template) or in `unplaced`."""

import datetime
import re
from dataclasses import asdict, dataclass, field

from ..models.document import Cadence
from .errors import ImportRefused

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],  # fmt: skip
        start=1,
    )
}
MONTH = "|".join(MONTHS)
YEAR = r"(20\d\d)"

#: Heading words → section kind, first match wins (the heading lower-cased).
SECTION_WORDS = [
    ("followup_plan", ("uppföljning", "återkoppling", "utvärdering")),
    ("situation", ("lägesbild", "vad upplever", "nuläge", "problembild")),
    ("focus_areas", ("fokusområde", "prioriterade områden", "insatsområde", "prioriteringar")),
    ("purpose", ("syfte",)),
    ("background", ("bakgrund",)),
    ("introduction", ("inledning", "introduktion", "om medborgarlöfte")),
    ("effects", ("effekt", "mål", "förväntat resultat", "förväntade resultat")),
    (
        "commitments",
        ("medborgarlöfte", "våra löften", "löften", "aktiviteter", "åtaganden", "så här arbetar"),
    ),
    ("other", ("giltighet", "underskrift", "undertecknande", "kontakt")),
]

#: Words in a line that name where the lägesbild comes from → `Source.Kind`.
SOURCE_WORDS = [
    ("citizen_dialogue", ("medborgardialog", "dialoger", "medborgarnas uppfattning")),
    ("staff_dialogue", ("medarbetardialog", "medarbetarna")),
    ("safety_survey", ("trygghetsmätning", "trygghetsundersökning", "trygghetsenkät")),
    ("crime_statistics", ("brottsstatistik", "anmälda brott", "statistik")),
    ("police_intelligence", ("underrättelse",)),
    ("resident_tips", ("tips från", "synpunkter från invånare", "tips och synpunkter")),
]

#: Keywords of a local focus area → the national focus area's slug (0002_focus_areas).
FOCUS_WORDS = [
    ("trafik", ("trafik", "motorfordon", "hastighet", "buskörning", "mopeder", "epa")),
    ("narkotika", ("narkotika", "drog", "langning av narkotika")),
    ("unga-och-ungdomsbrottslighet", ("unga", "ungdom")),
    ("bedragerier", ("bedrägeri",)),
    ("vald-i-nara-relationer", ("nära relation",)),
    ("vald-i-offentlig-miljo", ("våld i offentlig", "misshandel", "rån")),
    ("trygghet-i-offentlig-miljo", ("trygghet i offentlig", "otrygg", "centrum")),
    ("skadegorelse", ("skadegörelse", "klotter", "vandalisering")),
    ("inbrott", ("inbrott", "stöld", "grannsamverkan")),
    ("organiserad-brottslighet", ("organiserad", "kriminella nätverk", "gäng")),
    ("ordningsstorningar", ("ordningsstörning", "nedskräpning", "berusning")),
    ("alkohol-och-tobak", ("alkohol", "tobak")),
]

TITLE_WORDS = (
    "chef", "ordförande", "kommunalråd", "kommunråd", "direktör", "polis", "vd", "ordf",
    "rektor", "ledamot", "samordnare",
)  # fmt: skip

BULLET = re.compile(r"^(?:[-–—•*·▪●◦■□➢►]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$")
HEADING_HINT = re.compile(r"^#+\s+(.*)$")
LEAD_IN = re.compile(
    r"^(?P<who>.{0,90}?)\s*\b(?:lovar|åtar sig|ska|kommer att)\b.{0,40}?\batt\s*:?$"
    r"|^.{0,60}(?:så här arbetar|det här gör|vi gör|gör vi|vi kommer att)[^.]{0,30}:$",
    re.IGNORECASE,
)
PAGE_NUMBER = re.compile(
    r"^(?:sida\s*)?\d{1,3}(?:\s*(?:\(\d{1,3}\)|av\s*\d{1,3}|/\s*\d{1,3}))?$", re.I
)
DOTTED = re.compile(r"^[\s._…·\-–—]{4,}$")
ANGLE_URL = re.compile(r"<\s*(?:https?://|www\.)[^>]*>")
TOC = re.compile(r"^(.{2,90}?)(?:\s*\.{3,}|\t|\s{3,}|…+)\s*\d{1,3}$")
CASE_NUMBER = re.compile(
    r"^(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr)\.?\s*:?\s*(?P<number>\S.{0,50})$", re.I
)
ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
LONG_DATE = re.compile(rf"\b(\d{{1,2}})\s+({MONTH})\s+{YEAR}\b", re.I)
NAME = re.compile(
    r"^(?P<name>[A-ZÅÄÖÉ][a-zåäöéüè]+(?:[- ][A-ZÅÄÖÉ][a-zåäöéüè]+){1,3})"
    r"(?:\s*\((?P<party>[A-ZÅÄÖa-zåäö]{1,4})\))?$"
)
PLACE_AND_DATE = re.compile(
    rf"^(?P<place>[A-ZÅÄÖ][a-zåäö]+(?:\s(?!den\b)[A-ZÅÄÖ]?[a-zåäö]+)?),?\s+(?:den\s+)?"
    rf"(?P<date>20\d\d-\d\d-\d\d|\d{{1,2}}\s+(?:{MONTH})\s+20\d\d)$",
    re.I,
)
QUOTE = re.compile(r",? säger\b|^[–-]\s")
WEB_NOISE = re.compile(
    r"^(?:(?:senast\s+)?uppdaterad|publicerad|sidan uppdaterades)\b.{0,30}20\d\d|^[<>|»«›‹]+$", re.I
)
# A web page's footer: "Kommun, 123 45 Ort | telefon … | e-post …".
CONTACT_FOOTER = re.compile(r"\|.*\b(?:telefon|tfn|tel|e-post|organisationsnummer|fax)\b", re.I)
SIGNING_CAPTION = re.compile(r"\b(?:signerar|undertecknar|skriver under)\b", re.I)
#: How often the document says it is followed up, the first that matches its follow-up plan
#: (or, without one, its whole text); half-yearly when it says nothing.
CADENCE_WORDS = (
    (Cadence.TERTIAL, re.compile(r"\btertial", re.I)),
    (Cadence.HALF_YEARLY, re.compile(r"\bhalvår|\bvarje halvt år", re.I)),
    (
        Cadence.END_OF_PERIOD,
        re.compile(
            r"\b(?:vid|efter) (?:löftes)?periodens slut\b|\bnär (?:löftes)?perioden "
            r"(?:är slut|har löpt ut)|\befter avslutad (?:löftes)?period",
            re.I,
        ),
    ),
    (
        Cadence.YEARLY,
        re.compile(
            r"\b(?:årsvis|årligen|varje år|en gång (?:per|om|varje) år|årlig uppföljning)\b",
            re.I,
        ),
    ),
)
CAPTION_NAME = re.compile(r"([A-ZÅÄÖÉ][a-zåäöéü]+(?:[- ][A-ZÅÄÖÉ][a-zåäöéü]+){1,2}),\s+")
PLACE_STOP = {"varje", "alla", "flera", "i", "på", "som", "där", "under", "med", "olika", "de"}
ATTACHMENT = re.compile(r"^bilaga\s*\d*\s*[:.–-]?\s*\S", re.I)


@dataclass
class Section:
    kind: str
    heading: str
    text: str = ""


@dataclass
class CommitmentProposal:
    party: str  # police | municipality | joint | other
    party_name: str
    lead_in: str
    text: str


@dataclass
class SignatoryProposal:
    name: str
    title: str
    side: str  # police | municipality | other
    signed_on: str | None
    place: str


@dataclass
class FocusAreaProposal:
    name: str
    description: str
    national: list[str]


@dataclass
class Proposal:
    title: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    police_area: str | None = None
    case_number: str = ""
    sections: list[Section] = field(default_factory=list)
    focus_areas: list[FocusAreaProposal] = field(default_factory=list)
    commitments: list[CommitmentProposal] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    cadence: str = Cadence.HALF_YEARLY
    signatories: list[SignatoryProposal] = field(default_factory=list)
    signed_place: str = ""
    signed_on: datetime.date | None = None
    attachments: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The `--json` object (proposal.schema.json)."""
        return {
            "title": self.title,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "police_area": self.police_area,
            "cadence": str(self.cadence),
            "sections": [asdict(section) for section in self.sections],
            "focus_areas": [area.name for area in self.focus_areas],
            "commitments": [asdict(commitment) for commitment in self.commitments],
            "sources": list(self.sources),
            "places": list(self.places),
            "signatories": [asdict(signatory) for signatory in self.signatories],
            "attachments": list(self.attachments),
            "unplaced": list(self.unplaced),
        }


@dataclass
class Line:
    text: str
    heading_hint: bool = False
    bullet: bool = False
    fragment: bool = False  # what is left of a line once its <URL> is dropped
    blank_before: bool = False


def normalise(line: str) -> str:
    return line.replace("\u00a0", " ").replace("\u200b", "").strip()


def clean_lines(text: str, proposal: Proposal) -> list[Line]:
    """The text's lines without the noise of templates, each marked as a heading (by its style
    in Word or HTML), a bullet, or following an empty line."""
    source = [normalise(line) for line in text.replace("\r", "\n").split("\n")]
    raw = [ANGLE_URL.sub("", line).strip() for line in source]
    counts: dict[str, int] = {}
    for line in raw:
        if line:
            counts[line] = counts.get(line, 0) + 1
    lines: list[Line] = []
    blank = True
    for line, original in zip(raw, source, strict=True):
        if not line:
            if original:
                proposal.noise.append(original)
            blank = True
            continue
        bare = HEADING_HINT.sub(r"\1", line)
        if case := CASE_NUMBER.match(bare):
            proposal.case_number = proposal.case_number or case["number"].strip()
            proposal.noise.append(line)
            continue
        if _is_noise(bare, counts[line]):
            proposal.noise.append(line)
            continue
        hint = HEADING_HINT.match(line)
        bullet = BULLET.match(line)
        if hint:
            lines.append(Line(hint[1].strip(), heading_hint=True, blank_before=blank))
        elif bullet and bullet[1].strip():
            lines.append(Line(bullet[1].strip(), bullet=True, blank_before=blank))
        else:
            lines.append(Line(line, blank_before=blank, fragment=line != original))
        blank = False
    return lines


def _is_noise(line: str, count: int) -> bool:
    if PAGE_NUMBER.match(line) or DOTTED.match(line) or TOC.match(line) or WEB_NOISE.match(line):
        return True
    if line.lower() in ("innehåll", "innehållsförteckning", "toppbild", "till toppen"):
        return True
    if CONTACT_FOOTER.search(line):
        return True
    if ISO_DATE.fullmatch(line) and count > 1:
        return True
    # A template's header block repeats on every page; the document's own text does not.
    return (
        count > 1
        and len(line) < 80
        and "medborgarlöfte" not in line.lower()
        and not LEAD_IN.match(line)
        and not BULLET.match(line)
        and not line.endswith(".")
    )


def section_kind(heading: str) -> str | None:
    lower = heading.lower()
    for kind, words in SECTION_WORDS:
        if any(word in lower for word in words):
            return kind
    return None


def looks_like_heading(line: Line) -> bool:
    text = line.text
    if line.heading_hint:
        return True
    if (
        line.bullet
        or line.fragment
        or len(text) > 70
        or text[-1] in ".,;!?–-"
        or not text[0].isupper()
    ):
        return False
    known = section_kind(text) is not None
    if LEAD_IN.match(text) or (NAME.match(text) and not known):  # a signatory's name
        return False
    return len(text.split()) <= 9 and (line.blank_before or known)


def lead_in_party(lead_in: str, heading: str = "") -> tuple[str, str]:
    """(party, party_name) of a group from its lead-in (or, without one, its heading)."""
    text = (lead_in or heading).lower()
    who = re.split(r"\b(?:lovar|åtar sig|ska|kommer att)\b", text)[0]
    police = "polis" in who
    kommun = "kommun" in who
    if (police and kommun) or re.search(r"\b(vi|gemensam\w*|tillsammans)\b", who):
        return "joint", ""
    if police:
        return "police", ""
    if kommun:
        return "municipality", ""
    if lead_in and who.strip(" :"):
        return "other", (lead_in or heading)[: len(who)].strip(" :")
    return "joint", ""


def national_slugs(name: str) -> list[str]:
    lower = name.lower()
    return [slug for slug, words in FOCUS_WORDS if any(word in lower for word in words)]


def _date(text: str) -> datetime.date | None:
    if match := ISO_DATE.search(text):
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := LONG_DATE.search(text):
        try:
            return datetime.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
        except ValueError:
            return None
    return None


def find_period(title: str, text: str) -> tuple[datetime.date | None, datetime.date | None]:
    """The validity period from the title first, then from the text."""
    explicit = re.search(
        rf"(?:från|from|fr\.o\.m\.?)\s+(\d{{1,2}}\s+(?:{MONTH})\s+20\d\d)\s+"
        rf"(?:till|t\.o\.m\.?|tom|–|-)\s+(?:och med\s+)?(\d{{1,2}}\s+(?:{MONTH})\s+20\d\d)",
        text,
        re.I,
    )
    start = _date(explicit[1]) if explicit else None
    end = _date(explicit[2]) if explicit else None
    if start and end and start <= end:
        return start, end
    for source in (title, text):
        if match := re.search(rf"\b{YEAR}\s*[-–—/]\s*{YEAR}\b", source):
            first, last = int(match[1]), int(match[2])
            if first <= last <= first + 4:
                return datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        if match := re.search(
            rf"\b(?:för|under|inför|år|medborgarlöften?)\s+{YEAR}\b", source, re.I
        ):
            year = int(match[1])
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    dated = _date(title) or _date(text)
    if dated and dated.month == 12:
        year = dated.year + 1
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return None, None


def _side(title: str) -> str:
    lower = title.lower()
    if "polis" in lower:
        return "police"
    if "kommun" in lower or any(w in lower for w in ("ordförande", "kommunalråd", "kommunråd")):
        return "municipality"
    return "other"


def _is_title(text: str) -> bool:
    lower = text.lower()
    return (
        len(text) <= 120 and any(word in lower for word in TITLE_WORDS) and not text.endswith(".")
    )


def find_signatories(lines: list[Line], proposal: Proposal) -> int:
    """Reads the signature block at the end; returns where it starts (len(lines) if none)."""
    start = len(lines)
    index = len(lines) - 1
    found: list[SignatoryProposal] = []
    while index >= 0:
        line = lines[index]
        if line.bullet:
            break
        if place_date := PLACE_AND_DATE.match(line.text):
            proposal.signed_place = place_date["place"]
            proposal.signed_on = _date(place_date["date"])
            start = index
            index -= 1
            continue
        if index >= 1 and _is_title(line.text) and NAME.match(lines[index - 1].text):
            found.append(
                SignatoryProposal(
                    name=lines[index - 1].text,
                    title=line.text,
                    side=_side(line.text),
                    signed_on=None,
                    place="",
                )
            )
            start = index - 1
            index -= 2
            continue
        if "," in line.text:
            name_part, _, title_part = line.text.partition(",")
            if NAME.match(name_part.strip()) and _is_title(title_part.strip()):
                found.append(
                    SignatoryProposal(
                        name=name_part.strip(),
                        title=title_part.strip(),
                        side=_side(title_part),
                        signed_on=None,
                        place="",
                    )
                )
                start = index
                index -= 1
                continue
        break
    if not found:  # a place and date alone sign nothing: they stay in the text
        proposal.signed_place, proposal.signed_on = "", None
        return len(lines)
    for signatory in found:
        signatory.signed_on = proposal.signed_on.isoformat() if proposal.signed_on else None
        signatory.place = proposal.signed_place
    proposal.signatories = list(reversed(found))
    return start


def _places(text: str) -> list[str]:
    places: list[str] = []
    for match in re.finditer(
        r"\b(?:platser som (?:till exempel|t\.ex\.|bland annat)|platser såsom|stadsdelarna|"
        r"bostadsområdena)\s+"
        r"([^.:;]+)",
        text,
        re.I,
    ):
        for part in re.split(r",\s*|\s+och\s+|\s+samt\s+", match[1]):
            part = re.split(r"\s+(?:som|där|ska|är|har|under|med|varje|i|på)\b", part)[0].strip()
            first = part.split()[0].lower() if part else ""
            if part and first not in PLACE_STOP and len(part.split()) <= 4 and part not in places:
                places.append(part)
    return places


def _sources(text: str) -> list[dict]:
    sources: list[dict] = []
    sentences = re.split(r"(?<=[.!?])\s+", text)
    for kind, words in SOURCE_WORDS:
        for sentence in sentences:
            if any(word in sentence.lower() for word in words):
                sources.append({"kind": kind, "description": sentence.strip()})
                break
    return sources


def propose(text: str) -> Proposal:
    """The proposal for a medborgarlöfte's text. Refuses a text that is not one."""
    proposal = Proposal()
    lines = clean_lines(text, proposal)
    whole = " ".join(line.text for line in lines).lower()
    if not lines or not ("medborgarlöfte" in whole or ("lovar" in whole and "polis" in whole)):
        raise ImportRefused(
            "Texten ser inte ut som ett medborgarlöfte: ordet ”medborgarlöfte” och löften som "
            "”Polisen lovar att” saknas. Kontrollera att du valt rätt fil."
        )

    title_index = next(
        (i for i, line in enumerate(lines[:25]) if "medborgarlöfte" in line.text.lower()
         and len(line.text) <= 150),
        0,
    )  # fmt: skip
    proposal.unplaced.extend(line.text for line in lines[:title_index])
    proposal.title = lines[title_index].text[:200]
    end = max(find_signatories(lines, proposal), title_index + 1)
    body = lines[title_index + 1 : end]

    current: Section | None = None
    paragraphs: list[list[str]] = []
    lead_in = ""
    lead_in_used = True
    in_list = False
    expecting_focus = False
    focus_target: FocusAreaProposal | None = None

    def keep_unused_lead_in() -> None:
        """A lead-in that no löfte follows stays as text of its section."""
        nonlocal lead_in_used
        if not lead_in_used and current is not None:
            paragraphs.append([lead_in])
        lead_in_used = True

    def close() -> None:
        nonlocal current, paragraphs
        keep_unused_lead_in()
        if current is not None:
            current.text = "\n\n".join("\n".join(p) for p in paragraphs if p)
            proposal.sections.append(current)
        current, paragraphs = None, []

    def open_section(kind: str, heading: str) -> None:
        nonlocal current, lead_in, in_list, expecting_focus, focus_target
        close()
        focus_target = None
        current = Section(kind=kind, heading=heading)
        lead_in, in_list = "", False
        expecting_focus = kind == "focus_areas"

    for line in body:
        text = line.text
        if ATTACHMENT.match(text):
            proposal.attachments.append(text)
            continue
        if LEAD_IN.match(text) and len(text) <= 120:
            if current is None or current.kind != "commitments":
                open_section("commitments", "")
            keep_unused_lead_in()
            lead_in, in_list, lead_in_used = text, False, False
            continue
        straight_after_item = in_list and not line.blank_before and not line.heading_hint
        if looks_like_heading(line) and not (straight_after_item and section_kind(text) is None):
            kind = section_kind(text)
            if kind is None and expecting_focus and current is not None and len(text.split()) <= 6:
                # "… valt tre fokusområden:" followed by one heading per area.
                focus_target = FocusAreaProposal(text, "", national_slugs(text))
                proposal.focus_areas.append(focus_target)
                in_list = False
                continue
            kind = kind or "other"
            if kind == "commitments" and "medborgarlöfte" in text.lower() and current is None:
                kind = "introduction" if not proposal.sections else kind
            open_section(kind, text)
            continue
        if current is None:
            open_section("introduction", "")
        if line.bullet:
            if current.kind == "commitments" and QUOTE.search(text):
                open_section("other", "")
            elif current.kind == "commitments":
                party, party_name = lead_in_party(lead_in, current.heading)
                proposal.commitments.append(CommitmentProposal(party, party_name, lead_in, text))
                lead_in_used = True
                in_list = True
                continue
            if current.kind != "commitments" and expecting_focus or current.kind == "focus_areas":
                proposal.focus_areas.append(FocusAreaProposal(text, "", national_slugs(text)))
                in_list = True
                continue
            if line.blank_before or not paragraphs:
                paragraphs.append([text])
            else:
                paragraphs[-1].append(text)
            in_list = True
            continue
        # A line straight after a list item, or one that starts in lower case, continues it.
        if in_list and (not line.blank_before or text[0].islower()):
            if current.kind == "commitments" and proposal.commitments:
                proposal.commitments[-1].text += "\n" + text
                continue
            if expecting_focus and proposal.focus_areas and not line.blank_before:
                area = proposal.focus_areas[-1]
                area.description += ("\n" if area.description else "") + text
                continue
        if current.kind == "commitments" and (in_list or lead_in):
            open_section("other", "")
        in_list = False
        if focus_target is not None:
            separator = "\n\n" if line.blank_before else "\n"
            focus_target.description += (separator if focus_target.description else "") + text
            continue
        if "fokusområde" in text.lower() and text.endswith((":", ".")):
            expecting_focus = True
        if line.blank_before or not paragraphs:
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
    close()
    if not proposal.signatories:
        proposal.signatories = _caption_signatories(lines[title_index + 1 : end])
    proposal.unplaced.extend(
        line.text for line in lines[end:] if not _signature_line(line, proposal)
    )

    prose = " ".join(section.text for section in proposal.sections if section.kind != "commitments")
    proposal.sources = _sources(prose)
    proposal.places = _places(prose + " " + " ".join(c.text for c in proposal.commitments))
    joined = "\n".join(line.text for line in lines)
    proposal.valid_from, proposal.valid_until = find_period(proposal.title, joined)
    plan = " ".join(s.text for s in proposal.sections if s.kind == "followup_plan")
    proposal.cadence = find_cadence(plan or joined)
    if match := re.search(r"(?i:lokalpolisområde(?:schef)?)\s+([A-ZÅÄÖ][\wåäöÅÄÖ-]+)", joined):
        proposal.police_area = match[1]
    if not proposal.commitments and not proposal.sections:
        raise ImportRefused(
            "Texten ser inte ut som ett medborgarlöfte: inga rubriker eller löften hittades. "
            "Kontrollera att du valt rätt fil."
        )
    return proposal


def find_cadence(text: str) -> str:
    """The follow-up cadence a text names ("följs upp per tertial", "varje år"), see
    `CADENCE_WORDS`."""
    for cadence, words in CADENCE_WORDS:
        if words.search(text):
            return cadence
    return Cadence.HALF_YEARLY


def _signature_line(line: Line, proposal: Proposal) -> bool:
    names = {s.name for s in proposal.signatories} | {s.title for s in proposal.signatories}
    if line.text in names:
        return True
    if "," in line.text and line.text.partition(",")[0].strip() in names:
        return True
    return bool(PLACE_AND_DATE.match(line.text))


def _caption_signatories(lines: list[Line]) -> list[SignatoryProposal]:
    """Signatories named in a caption: "Anna Andersson, kommunchef och Per Persson,
    lokalpolisområdeschef signerar medborgarlöftet"."""
    for line in lines:
        if not SIGNING_CAPTION.search(line.text):
            continue
        before = SIGNING_CAPTION.split(line.text, maxsplit=1)[0]
        matches = list(CAPTION_NAME.finditer(before))
        found = []
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            title = before[match.end() : following.start() if following else len(before)]
            title = re.split(r"\s+och\b", title.strip(" ,"))[0].strip(" ,")
            if _is_title(title):
                found.append(SignatoryProposal(match[1], title, _side(title), None, ""))
        if found:
            return found
    return []


#: Where a source line went (`placements`), for showing the source beside the proposal.
PLACEMENTS = (
    "title", "heading", "section", "focus_area", "commitment", "lead_in", "signatory",
    "attachment", "noise", "unplaced",
)  # fmt: skip


def placements(text: str, proposal: Proposal) -> list[tuple[str, str]]:
    """Each non-empty line of `text` with the key (PLACEMENTS) of where the proposal put it."""

    def bare(line: str) -> str:
        line = HEADING_HINT.sub(r"\1", line)
        match = BULLET.match(line)
        return (match[1] if match else line).strip()

    parts = [
        ("noise", set(proposal.noise)),
        ("unplaced", set(proposal.unplaced)),
        ("title", {proposal.title}),
        ("heading", {section.heading for section in proposal.sections}),
        ("lead_in", {commitment.lead_in for commitment in proposal.commitments}),
        ("attachment", set(proposal.attachments)),
        ("focus_area", {area.name for area in proposal.focus_areas}),
    ]
    signatory_text = " ".join(f"{s.name} {s.title} {s.place}" for s in proposal.signatories)
    found = []
    for line in map(normalise, text.replace("\r", "\n").split("\n")):
        if not line:
            continue
        text_of_line = bare(line)
        key = next(
            (key for key, texts in parts if line.strip() in texts or text_of_line in texts), ""
        )
        if not key:
            if any(text_of_line in c.text for c in proposal.commitments):
                key = "commitment"
            elif any(text_of_line in area.description for area in proposal.focus_areas):
                key = "focus_area"
            elif any(text_of_line in section.text for section in proposal.sections):
                key = "section"
            elif all(part.strip() in signatory_text for part in text_of_line.split(",")):
                key = "signatory"
            else:
                key = "noise" if ANGLE_URL.search(line) else "unplaced"
        found.append((HEADING_HINT.sub(r"\1", line), key))
    return found
