"""The demo's data: users, police areas and five medborgarlöften with their follow-ups
(see portal/demo/__init__.py for what they show and how they are loaded)."""

import datetime
from zoneinfo import ZoneInfo

from followup.models import Status
from loften.models import CitizenPromise, EffectIndicator, PartyRole, RatePer, Section, Source
from municipalities.models import Membership

# The demo's logins (DEBUG or --i-know-this-is-not-production only) are printed by `make run`.
DEMO_PASSWORD = "demo-2026"  # nosec B105

STOCKHOLM = ZoneInfo("Europe/Stockholm")

date = datetime.date
POLICE, MUNICIPALITY, JOINT = PartyRole.POLICE, PartyRole.MUNICIPALITY, PartyRole.JOINT
#: The lead-in of each party's group of löften, unless a document words its own ("lead_ins").
LEAD_INS = {
    POLICE: "Polisen lovar att:",
    MUNICIPALITY: "Kommunen lovar att:",
    JOINT: "Polisen och kommunen lovar gemensamt att:",
}
EDITOR, REVIEWER = Membership.Role.EDITOR, Membership.Role.REVIEWER
Kind = Source.Kind


def at(year, month, day, hour=10, minute=0):
    """A moment in Swedish time, e.g. when a document or a follow-up was published."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def paragraphs(*parts):
    return "\n\n".join(parts)


def commitment(party, text, focus, target=None, unit="", *, measures=(), rate=None):
    """A löfte. `target` and `unit` are short for one measure named by the unit; `measures` are
    (name, unit, target) for several; `rate` is (at least, per, what is counted) for a
    recurring löfte."""
    if target is not None:
        measures = [(unit, "", target), *measures]
    rate_target, rate_per, rate_counted = rate or (None, "", "")
    return {
        "party": party,
        "text": text,
        "focus": focus,
        "measures": [{"name": n, "unit": u, "target": t} for n, u, t in measures],
        "rate_target": rate_target,
        "rate_per": rate_per,
        "rate_counted": rate_counted,
    }


def approx(value):
    """An approximate value ("ca 60")."""
    return (value, True)


def status(value, *achieved, count=None, reason="", comment="", circumstance=None):
    """A status with each measure's value in order (None where none is reported; `approx(60)`
    for an approximate one) and, for a recurring löfte, its count; `circumstance` is the key of
    one of the follow-up's circumstances."""
    values = [v if v is None or isinstance(v, tuple) else (v, False) for v in achieved]
    return {
        "status": value,
        "count": count,
        "values": values,
        "reason": reason,
        "comment": comment,
        "circumstance": circumstance,
    }


def parts(**by_party):
    """A joint löfte reported by party (police=…, municipality=…); None: that party has not
    reported its part yet."""
    return {"parts": {PartyRole(key): value for key, value in by_party.items()}}


# --- Organisations and people -------------------------------------------------------------------

# Police areas by slug. Those with only a slug are reference data (the register shipped in
# municipalities/data/lokalpolisomraden.csv): the demo uses them as they are. The others are not
# in the register yet; the demo creates them, and uses the register's row instead once there is
# one.
POLICE_AREAS = [
    {"slug": "lokalpolisomrade-katrineholm"},  # Flen, Katrineholm, Vingåker
    {"slug": "lokalpolisomrade-vastra-malardalen"},  # Arboga, Hallstahammar, Köping, Kungsör
    {
        "name": "Lokalpolisområde Eskilstuna",
        "slug": "lokalpolisomrade-eskilstuna",
        "municipalities": ["0484", "0486"],
    },
    {
        "name": "Lokalpolisområde Jönköping",
        "slug": "lokalpolisomrade-jonkoping",
        "municipalities": ["0680", "0665", "0643", "0642"],
    },
]

# "municipality" is a kommunkod, "police_area" a slug; the admin belongs to no organisation.
USERS = [
    {
        "username": "admin",
        "first_name": "Maria",
        "last_name": "Ekström",
        "email": "maria.ekstrom@example.org",
        "is_superuser": True,
    },
    {
        "username": "kommun.vingaker",
        "first_name": "Linnea",
        "last_name": "Forsberg",
        "email": "linnea.forsberg@example.org",
        "municipality": "0428",
        "role": EDITOR,
    },
    {
        "username": "granskare.vingaker",
        "first_name": "Göran",
        "last_name": "Pettersson",
        "email": "goran.pettersson@example.org",
        "municipality": "0428",
        "role": REVIEWER,
    },
    {
        "username": "polis.katrineholm",
        "first_name": "Jenny",
        "last_name": "Åkesson",
        "email": "jenny.akesson@example.org",
        "police_area": "lokalpolisomrade-katrineholm",
        "role": EDITOR,
    },
    {
        "username": "kommun.strangnas",
        "first_name": "Erik",
        "last_name": "Lindgren",
        "email": "erik.lindgren@example.org",
        "municipality": "0486",
        "role": EDITOR,
    },
]


# --- Vingåker 2023–2024 (the earlier period) ----------------------------------------------------

VINGAKER_2023 = {
    "municipality": "0428",
    "police_area": "lokalpolisomrade-katrineholm",
    "title": "Medborgarlöfte Vingåkers kommun 2023–2024",
    "valid_from": date(2023, 1, 1),
    "valid_until": date(2024, 12, 31),
    "state": CitizenPromise.State.PUBLISHED,
    "signed_at": at(2022, 12, 6, 14),
    "published_at": at(2022, 12, 12, 9),
    "situation": paragraphs(
        "De flesta som bor i Vingåkers kommun säger att de känner sig trygga där de bor. I "
        "dialogerna hösten 2022 kom ändå samma frågor tillbaka på varje möte: bilar och mopeder "
        "som kör för fort genom tätorten, och en oro för vissa platser under kvällar och helger.",
        "Vid järnvägsstationen och i centrum samlas ungdomar och unga vuxna under helgkvällarna. "
        "De allra flesta är där för att träffa kompisar, men några kvällar har det slutat med "
        "krossat glas i väntkuren, nedskräpning och att äldre invånare väljer en annan väg hem.",
        "På landsbygden handlar oron om hastigheten på de smala vägarna, där många går, cyklar och "
        "rider. Polisens kontroller under 2022 visade att ungefär var tredje kontrollerad förare "
        "körde för fort.",
        "Både polisen och hemtjänsten har mött äldre som blivit lurade på pengar, oftast av någon "
        "som ringer och påstår sig vara från banken.",
    ),
    "effects": (
        "Fler invånare ska uppleva att de kan röra sig fritt i centrum och vid stationen även på "
        "kvällen, hastigheterna ska sjunka på de vägar där många går och cyklar, och färre äldre "
        "ska bli lurade. Effekterna följs i polisens trygghetsmätning och i kommunens "
        "medborgarenkät."
    ),
    "followup_plan": (
        "Kommunen och polisen går igenom löftena tillsammans varje halvår. Resultatet publiceras "
        "här och tas upp i kommunens trygghetsråd. En samlad utvärdering görs i december 2024 och "
        "blir underlag för nästa medborgarlöfte."
    ),
    "sources": [
        (
            Kind.CITIZEN_DIALOGUE,
            "Tre dialogmöten i Vingåker och Högsjö hösten 2022, drygt 80 deltagare.",
        ),
        (Kind.CRIME_STATISTICS, "Anmälda brott 2020–2022, särskilt skadegörelse och trafikbrott."),
        (Kind.STAFF_DIALOGUE, "Samtal med personal i hemtjänsten och på fritidsgården."),
    ],
    "places": [
        (
            "Järnvägsstationen",
            "Väntkuren och perrongen, främst fredag och lördag kväll.",
            "59.04520",
            "15.86760",
        ),
        (
            "Centrum",
            "Storgatan och torget, där mopeder och bilar kör i slingor på kvällarna.",
            "59.04430",
            "15.87210",
        ),
        (
            "Vägarna mot Högsjö",
            "Smala landsvägar med många gående, cyklister och ryttare.",
            None,
            None,
        ),
    ],
    "commitments": [
        commitment(
            POLICE,
            "genomföra minst 20 hastighetskontroller på landsbygdsvägarna i kommunen.",
            ["trafik"],
            20,
            "hastighetskontroller",
            measures=[("rapporterade förare", "", None)],
        ),
        commitment(
            POLICE,
            "vara synliga i centrum och vid järnvägsstationen under helgkvällar, "
            "särskilt under sommarhalvåret.",
            ["trygghet-i-offentlig-miljo", "ordningsstorningar"],
            rate=(1, RatePer.WEEK, "fotpatrulleringar"),
        ),
        commitment(
            MUNICIPALITY,
            "sätta upp digitala hastighetsskyltar på sex nya platser varje år "
            "och dela mätresultaten med polisen.",
            ["trafik"],
            12,
            "mätplatser",
        ),
        commitment(
            MUNICIPALITY,
            "bjuda in invånare och polis till en trygghetsvandring i centrum varje höst.",
            ["trygghet-i-offentlig-miljo"],
            2,
            "trygghetsvandringar",
        ),
        commitment(
            MUNICIPALITY,
            "hålla fritidsgården öppen till klockan 23 på fredagar och lördagar under sommarlovet.",
            ["unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            JOINT,
            "hålla informationsträffar för äldre om hur man känner igen och stoppar "
            "ett bedrägeriförsök.",
            ["bedragerier"],
            8,
            "informationsträffar",
        ),
        commitment(
            JOINT,
            "följa upp varje anmäld skadegörelse vid järnvägsstationen och laga "
            "skadan inom en vecka.",
            ["skadegorelse"],
        ),
    ],
    "signatories": [
        ("Birgitta Holm", "kommunstyrelsens ordförande", "Vingåkers kommun"),
        (
            "Stefan Ekdahl",
            "lokalpolisområdeschef",
            "Lokalpolisområde Katrineholm",
        ),
    ],
    "signed_place": "Vingåker",
    "signed_on": date(2022, 12, 6),
    "followups": [
        {
            "year": 2023,
            "number": 1,
            "published_at": at(2023, 8, 24),
            "published_by": "kommun.vingaker",
            "summary": (
                "Arbetet kom igång som planerat. Polisen har gjort de första "
                "hastighetskontrollerna på landsbygden och hastighetsskyltarna sitter uppe på fyra "
                "platser. Trygghetsvandringen hålls i oktober."
            ),
            "statuses": [
                status(
                    Status.IN_PROGRESS,
                    5,
                    31,
                    comment="Kontroller mot Högsjö och Österåker; 31 förare rapporterades.",
                ),
                status(
                    Status.BELOW_PLAN,
                    count=21,
                    reason="Patrullen behövdes på andra håll under vintern.",
                    comment="Patrull vid stationen de flesta helgkvällar i maj och juni.",
                ),
                status(Status.IN_PROGRESS, 4),
                status(Status.NOT_STARTED, 0, comment="Vandringen är planerad till oktober."),
                status(Status.IN_PROGRESS, comment="De längre öppettiderna gäller från midsommar."),
                status(Status.IN_PROGRESS, 2),
                status(
                    Status.PARTLY_DONE,
                    reason="Två av fyra skador lagades inom en vecka. För de "
                    "andra två fick vi vänta på nya glas till väntkuren.",
                ),
            ],
        },
        {
            "year": 2023,
            "number": 2,
            "published_at": at(2024, 2, 15),
            "published_by": "kommun.vingaker",
            "summary": (
                "Ett lugnare halvår vid stationen. Höstens trygghetsvandring samlade 24 deltagare "
                "och ledde till ny belysning vid cykelparkeringen. Fritidsgårdens sommarkvällar "
                "var välbesökta."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 11, approx(60)),
                status(
                    Status.ON_TRACK,
                    count=31,
                    comment="Synlig närvaro varje helg under juli och augusti.",
                ),
                status(Status.IN_PROGRESS, 7),
                status(Status.IN_PROGRESS, 1, comment="Vandringen gick den 10 oktober."),
                status(Status.DONE, comment="I snitt 35 besökare per kväll under sommarlovet."),
                status(Status.IN_PROGRESS, 4),
                status(Status.DONE),
            ],
        },
        {
            "year": 2024,
            "number": 1,
            "published_at": at(2024, 8, 22),
            "published_by": "kommun.vingaker",
            "summary": (
                "Kontrollerna och mätningarna fortsätter enligt plan. Fritidsgården drabbades av "
                "en vattenskada i maj, vilket försenade sommarverksamheten."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 15, approx(90)),
                status(Status.ON_TRACK, count=27),
                status(Status.IN_PROGRESS, 10),
                status(Status.IN_PROGRESS, 1),
                status(
                    Status.POSTPONED,
                    reason="Fritidsgården stängdes i maj efter en vattenskada. "
                    "Kvällsöppet flyttades till Sävstaskolans lokaler och kom igång först i "
                    "augusti.",
                ),
                status(Status.IN_PROGRESS, 6),
                status(Status.DONE),
            ],
        },
        {
            "year": 2024,
            "number": 2,
            "published_at": at(2025, 2, 13),
            "published_by": "kommun.vingaker",
            "summary": (
                "Slutuppföljning av perioden. Nästan alla löften är genomförda. Andelen förare som "
                "körde för fort vid kontrollerna sjönk från ungefär en tredjedel till en femtedel, "
                "och färre äldre anmälde att de blivit lurade."
            ),
            "statuses": [
                status(Status.DONE, 22, 118),
                status(Status.ON_TRACK, count=30),
                status(
                    Status.PARTLY_DONE,
                    11,
                    reason="En skylt stals i september och kunde inte "
                    "ersättas förrän efter årsskiftet.",
                ),
                status(Status.DONE, 2),
                status(Status.DONE, comment="Fritidsgården öppnade igen i oktober."),
                status(Status.DONE, 9),
                status(Status.DONE),
            ],
        },
    ],
}


# The 2023 document as it was written: an introduction, its own four focus areas (each mapped to
# national ones) and its löften under their lead-ins, each section under its own heading.
VINGAKER_2023["sections"] = [
    (
        Section.Kind.INTRODUCTION,
        "Inledning",
        "Medborgarlöftet är en del av samverkansöverenskommelsen mellan kommunen och polisen. "
        "Det bygger på vad invånarna har berättat och på en lägesbild som kommunen och polisen "
        "har tagit fram tillsammans.",
    ),
    (Section.Kind.SITUATION, "Lägesbild", VINGAKER_2023["situation"]),
    (
        Section.Kind.FOCUS_AREAS,
        "Fokusområden",
        "Kommunen och polisen har kommit överens om fyra områden att arbeta med.",
    ),
    (Section.Kind.COMMITMENTS, "Medborgarlöften 2023–2024", ""),
    (Section.Kind.EFFECTS, "Effekter", VINGAKER_2023["effects"]),
    (Section.Kind.FOLLOWUP_PLAN, "Uppföljning", VINGAKER_2023["followup_plan"]),
]
VINGAKER_2023["local_focus_areas"] = [
    ("Störande motortrafik i tätorten", "", ["trafik", "ordningsstorningar"]),
    ("Fortkörning på landsbygden", "", ["trafik"]),
    ("En trygg centrumkärna", "", ["trygghet-i-offentlig-miljo"]),
    ("Äldre som utsätts för bedrägerier", "", ["bedragerier"]),
]
for row, local in zip(
    VINGAKER_2023["commitments"],
    [
        ["Fortkörning på landsbygden"],
        ["En trygg centrumkärna", "Störande motortrafik i tätorten"],
        ["Fortkörning på landsbygden"],
        ["En trygg centrumkärna"],
        ["En trygg centrumkärna"],
        ["Äldre som utsätts för bedrägerier"],
        ["En trygg centrumkärna"],
    ],
    strict=False,
):
    row["local"] = local

# The effect the document names, as an indicator: the share of residents who feel unsafe at the
# railway station in the evening, 60 % in the 2022 survey, with three later measurements, each
# reported in the follow-up of its half-year ((year, half), or None for one reported in none).
VINGAKER_2023["effect_indicators"] = [
    {
        "name": "Andel invånare som känner sig otrygga vid järnvägsstationen på kvällen",
        "unit": "%",
        "source": EffectIndicator.Source.SAFETY_SURVEY,
        "source_description": "Polisens och kommunens trygghetsmätning, vår och höst.",
        "baseline_value": 60,
        "baseline_year": 2022,
        "target_value": 40,
        "direction": EffectIndicator.Direction.DECREASE,
        "values": [
            (date(2023, 4, 20), 55, (2023, 1), "Vårens mätning, 212 svar."),
            (date(2023, 10, 12), 48, (2023, 2), ""),
            (date(2024, 10, 10), 40, (2024, 2), "Målet är nått."),
        ],
    },
]

# --- Vingåker 2025–2026 -------------------------------------------------------------------------

VINGAKER_2025 = {
    "municipality": "0428",
    "police_area": "lokalpolisomrade-katrineholm",
    "title": "Medborgarlöfte Vingåkers kommun 2025–2026",
    "valid_from": date(2025, 1, 1),
    "valid_until": date(2026, 12, 31),
    "state": CitizenPromise.State.PUBLISHED,
    "signed_at": at(2024, 12, 9, 13),
    "published_at": at(2024, 12, 13, 9),
    "situation": paragraphs(
        "Trygghetsmätningen 2024 visar att fler än tidigare känner sig trygga i centrum på "
        "kvällen. Det som oroar invånarna nu är framför allt trafiken: A-traktorer och mopeder som "
        "kör i slingor på Storgatan sent på kvällarna, med hög musik och tvära inbromsningar.",
        "Sävstaskolans skolgård har blivit en samlingsplats på helgerna. Personal och föräldrar "
        "har hittat krossat glas, spår av eldning och vid några tillfällen narkotika. Polisens "
        "underrättelser pekar på att en handfull äldre ungdomar säljer cannabis till yngre i "
        "tätorten.",
        "Vid järnvägsstationen har det blivit lugnare sedan väntkuren byggdes om, men gångvägen "
        "dit från centrum är mörk och upplevs som otrygg under vinterhalvåret.",
        "Bedrägerierna mot äldre fortsätter och har blivit mer avancerade. Bedragarna ringer, "
        "skickar sms och kommer ibland hem till personen, ofta i flera steg.",
    ),
    "effects": (
        "Störande trafik i tätorten ska minska märkbart, skolgården ska vara en plats där barn och "
        "föräldrar vill vara även på helgen, och färre unga ska erbjudas narkotika. Andelen äldre "
        "som vet hur de ska agera vid ett bedrägeriförsök ska öka. Vi mäter det i polisens "
        "trygghetsmätning 2026, i skolans elevenkät och i antalet anmälningar."
    ),
    "followup_plan": (
        "Löftena följs upp efter varje halvår av kommunens säkerhetssamordnare och "
        "kommunpolisen. Uppföljningen publiceras på den här sidan och redovisas för "
        "kommunstyrelsen. Inför 2027 görs en ny lägesbild med invånarna."
    ),
    "sources": [
        (Kind.SAFETY_SURVEY, "Polisens trygghetsmätning 2024, 412 svarande i kommunen."),
        (
            Kind.CITIZEN_DIALOGUE,
            "Samtal med besökare på Vingåkersdagen och på biblioteket våren 2024.",
        ),
        (Kind.POLICE_INTELLIGENCE, "Uppgifter om försäljning av narkotika till unga i tätorten."),
        (Kind.RESIDENT_TIPS, "Felanmälningar och tips om A-traktorer och mopeder på Storgatan."),
    ],
    "places": [
        (
            "Storgatan",
            "Slingkörning med A-traktorer och mopeder fredag och lördag kväll.",
            "59.04430",
            "15.87210",
        ),
        (
            "Sävstaskolans skolgård",
            "Samlingsplats på helgerna; glas, eldning och narkotika.",
            "59.04080",
            "15.87680",
        ),
        (
            "Järnvägsstationen",
            "Lugnare sedan ombyggnaden, men gångvägen dit är mörk.",
            "59.04520",
            "15.86760",
        ),
        (
            "Gångvägen mellan centrum och stationen",
            "Dålig belysning och tät växtlighet.",
            None,
            None,
        ),
    ],
    "commitments": [
        commitment(
            POLICE,
            "genomföra minst 24 trafikkontroller riktade mot störande moped- och "
            "A-traktortrafik i tätorten.",
            ["trafik", "ordningsstorningar"],
            24,
            "trafikkontroller",
        ),
        commitment(
            POLICE,
            "göra hastighetskontroller på landsbygdsvägarna mot Högsjö och Baggetorp.",
            ["trafik"],
            16,
            "hastighetskontroller",
        ),
        commitment(
            POLICE,
            "besöka högstadiet på Sävstaskolan varje termin och prata med eleverna "
            "om narkotika och vad ett brott kan leda till.",
            ["narkotika", "unga-och-ungdomsbrottslighet"],
            4,
            "skolbesök",
        ),
        commitment(
            MUNICIPALITY,
            "anställa trygghetsvärdar som rör sig i centrum och vid stationen "
            "under sommarlovets kvällar.",
            ["trygghet-i-offentlig-miljo", "unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            MUNICIPALITY,
            "förbättra belysningen på Sävstaskolans skolgård och längs "
            "gångvägen till järnvägsstationen.",
            ["trygghet-i-offentlig-miljo", "skadegorelse"],
        ),
        commitment(
            MUNICIPALITY,
            "öppna en mopedverkstad där unga kan meka med vuxna på plats.",
            ["unga-och-ungdomsbrottslighet", "trafik"],
        ),
        commitment(
            JOINT,
            "hålla minst tio informationsträffar om bedrägerier för äldre, på "
            "träffpunkterna och genom hemtjänsten.",
            ["bedragerier"],
            10,
            "informationsträffar",
        ),
        {
            # Extended while the document runs: an amendment both parties approved; the löfte
            # here is as amended, "amendment" holds what it was before (its measures in order).
            **commitment(
                JOINT,
                "gå en trygghetsvandring i centrum varje höst och berätta vilka åtgärder "
                "den ledde till.",
                ["trygghet-i-offentlig-miljo"],
                3,
                "trygghetsvandringar",
            ),
            "ends_on": date(2027, 12, 31),
            "amendment": {
                "before": {"measures": [{"target": 2}], "ends_on": None},
                "reason": (
                    "Trygghetsvandringen hösten 2025 visade att belysningen vid stationen och "
                    "gångvägen behöver följas upp när den nya belysningen är på plats. Parterna "
                    "förlänger därför löftet med en vandring hösten 2027."
                ),
                "effective_from": date(2026, 3, 1),
                "approved_at": at(2026, 2, 24, 14),
            },
        },
    ],
    "signatories": [
        ("Karin Sjöberg", "kommunstyrelsens ordförande", "Vingåkers kommun"),
        (
            "Mikael Berglund",
            "lokalpolisområdeschef",
            "Lokalpolisområde Katrineholm",
        ),
    ],
    "signed_place": "Vingåker",
    "signed_on": date(2024, 12, 9),
    "followups": [
        {
            "year": 2025,
            "number": 1,
            "published_at": at(2025, 8, 21),
            "published_by": "kommun.vingaker",
            "summary": (
                "Trafikkontrollerna och skolbesöken är igång och trygghetsvärdarna började arbeta "
                "vid skolavslutningen. Mopedverkstaden fick skjutas upp eftersom lokalen behövdes "
                "till förskolan."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 7),
                status(Status.IN_PROGRESS, 5),
                status(
                    Status.IN_PROGRESS, 1, comment="Vårterminens besök i alla klasser i årskurs 8."
                ),
                status(
                    Status.DONE, comment="Fyra trygghetsvärdar kvällstid från skolavslutningen."
                ),
                status(Status.NOT_STARTED, comment="Upphandlingen av armaturer börjar i augusti."),
                status(
                    Status.POSTPONED,
                    reason="Lokalen som var tänkt för verkstaden behövdes när "
                    "förskolan Solrosen evakuerades. En ny lokal söks under hösten.",
                ),
                status(Status.IN_PROGRESS, 3),
                status(Status.NOT_STARTED, 0),
            ],
        },
        {
            "year": 2025,
            "number": 2,
            "published_at": at(2026, 2, 12),
            "published_by": "kommun.vingaker",
            "summary": (
                "Slingkörningen på Storgatan har minskat enligt både polisen och de boende. "
                "Skolgården har fått ny belysning. Skolbesöken under hösten blev inte av."
            ),
            "circumstances": [
                (
                    "vakanser",
                    "Vakanser hos polisen under hösten",
                    "Tjänsten som kommunpolis för skolorna var vakant hela hösten, och "
                    "områdespolisernas grupp hade två tjänster obesatta från september.",
                ),
            ],
            "other_work": [
                (
                    MUNICIPALITY,
                    "Nattvandring med föräldrar",
                    "Föräldraföreningen och fritidsgården nattvandrade varje fredag i september "
                    "och oktober, med kommunens samordnare.",
                ),
                (
                    POLICE,
                    "Kontroller av trimmade mopeder",
                    "Polisen kontrollerade 23 mopeder vid skolorna och fritidsgården; sju var "
                    "trimmade.",
                ),
            ],
            "statuses": [
                status(Status.IN_PROGRESS, 13),
                status(Status.PARTLY_DONE, 9, circumstance="vakanser"),
                status(Status.NOT_DONE, 1, circumstance="vakanser"),
                status(
                    Status.DONE, comment="Trygghetsvärdar hela sommarlovet och under höstlovet."
                ),
                status(
                    Status.PARTLY_DONE,
                    reason="Skolgården har ny belysning. Gångvägen till "
                    "stationen går delvis över Trafikverkets mark, och avtalet om att sätta upp "
                    "stolpar där är inte klart.",
                ),
                status(
                    Status.IN_PROGRESS,
                    comment="Ny lokal hittad i gamla brandstationen; verkstaden öppnar i februari.",
                ),
                parts(
                    municipality=status(
                        Status.IN_PROGRESS, 6, comment="Sex träffar på träffpunkterna."
                    ),
                    police=status(Status.NOT_DONE, 0, circumstance="vakanser"),
                ),
                parts(
                    municipality=status(
                        Status.IN_PROGRESS,
                        1,
                        comment="Höstens vandring gav bland annat röjd växtlighet vid stationen.",
                    ),
                    police=None,
                ),
            ],
        },
        {
            "year": 2026,
            "number": 1,
            "published_at": at(2026, 8, 20),
            "published_by": "kommun.vingaker",
            "summary": (
                "Mopedverkstaden har öppet varje onsdag och målet för bedrägeriträffarna är nått. "
                "Skolbesöken är igång igen sedan en ny kommunpolis började i januari."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 19),
                status(Status.IN_PROGRESS, 12),
                status(Status.IN_PROGRESS, 3),
                status(Status.IN_PROGRESS, comment="Sommarens trygghetsvärdar började i juni."),
                status(Status.DONE, comment="Nya stolpar längs gångvägen sattes upp i april."),
                status(Status.DONE, comment="I snitt tolv besökare per kväll sedan februari."),
                status(Status.DONE, 10),
                status(Status.IN_PROGRESS, 1),
            ],
        },
    ],
}


# --- Katrineholm 2025-07-01 – 2026-06-30 (2026 H1 follow-up overdue, still a draft) ------------

KATRINEHOLM_2025 = {
    "municipality": "0483",
    "police_area": "lokalpolisomrade-katrineholm",
    "title": "Medborgarlöfte Katrineholms kommun 2025–2026",
    "valid_from": date(2025, 7, 1),
    "valid_until": date(2026, 6, 30),
    "state": CitizenPromise.State.PUBLISHED,
    "signed_at": at(2025, 6, 12, 15),
    "published_at": at(2025, 6, 17, 9),
    "situation": paragraphs(
        "Katrineholm är en trygg stad för de flesta som bor här, men tryggheten skiljer sig mellan "
        "stadsdelarna. I trygghetsmätningen 2025 känner sig boende i Nävertorp och på Norr "
        "betydligt mer otrygga efter mörkrets inbrott än boende i andra delar av staden.",
        "Resecentrum är stadens nav, med tåg och bussar från tidig morgon till sen kväll. Här och "
        "i Stadsparken intill ser polisen en öppen handel med narkotika, och flera av köparna är "
        "under 18 år.",
        "Fredags- och lördagsnätter blir det ofta bråk på Drottninggatan när restaurangerna "
        "stänger. Antalet anmälda misshandelsfall på allmän plats har ökat de senaste två åren, "
        "och de flesta sker mellan midnatt och klockan tre.",
        "Skola, socialtjänst och fritid har sett fler yngre tonåringar som dras in i kriminella "
        "sammanhang, ibland genom erbjudanden om snabba pengar i sociala medier.",
    ),
    "effects": (
        "Boende i Nävertorp och på Norr ska känna sig tryggare ute på kvällen, narkotikahandeln "
        "vid resecentrum ska trängas undan och våldet i krogmiljön ska minska. Unga som är på väg "
        "in i kriminalitet ska fångas upp tidigt."
    ),
    "followup_plan": (
        "Rådet för trygghet och säkerhet går igenom löftena efter varje halvår. Uppföljningen "
        "publiceras här senast två månader efter halvårets slut."
    ),
    "sources": [
        (Kind.SAFETY_SURVEY, "Trygghetsmätning 2025 uppdelad på stadsdelar."),
        (
            Kind.CRIME_STATISTICS,
            "Anmäld misshandel på allmän plats 2023–2025, per veckodag och timme.",
        ),
        (
            Kind.POLICE_INTELLIGENCE,
            "Lägesbild över narkotikahandel kring resecentrum och Stadsparken.",
        ),
    ],
    "places": [
        (
            "Resecentrum",
            "Tåg- och bussnav; öppen narkotikahandel kvällstid.",
            "58.99570",
            "16.20660",
        ),
        (
            "Stadsparken",
            "Samlingsplats för unga, även för köp av narkotika.",
            "58.99780",
            "16.20390",
        ),
        ("Drottninggatan", "Krogstråket där bråken uppstår vid stängning.", "58.99660", "16.20880"),
        ("Nävertorp och Norr", "Gångstråk som upplevs mörka och otrygga.", None, None),
    ],
    "commitments": [
        commitment(
            POLICE,
            "genomföra minst tolv riktade insatser mot narkotikahandel vid "
            "resecentrum och i Stadsparken.",
            ["narkotika"],
            12,
            "insatser",
        ),
        commitment(
            POLICE,
            "patrullera till fots på Drottninggatan fredags- och lördagsnätter när "
            "restaurangerna stänger.",
            ["vald-i-offentlig-miljo", "trygghet-i-offentlig-miljo"],
        ),
        commitment(
            MUNICIPALITY,
            "röja buskage och sätta upp ny belysning längs fem gångstråk i Nävertorp och på Norr.",
            ["trygghet-i-offentlig-miljo"],
            5,
            "gångstråk",
        ),
        commitment(
            MUNICIPALITY,
            "erbjuda sommarjobb och lovaktiviteter till unga som riskerar att "
            "dras in i kriminalitet.",
            ["unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            JOINT,
            "gå trygghetsvandringar i Nävertorp, på Norr och i centrum.",
            ["trygghet-i-offentlig-miljo"],
            3,
            "trygghetsvandringar",
        ),
        commitment(
            JOINT,
            "fånga upp unga som dras mot kriminalitet genom samverkan mellan skola, "
            "socialtjänst, polis och fritid (SSPF).",
            ["unga-och-ungdomsbrottslighet", "organiserad-brottslighet"],
        ),
    ],
    "signatories": [
        ("Eva Granström", "kommunstyrelsens ordförande", "Katrineholms kommun"),
        (
            "Mikael Berglund",
            "lokalpolisområdeschef",
            "Lokalpolisområde Katrineholm",
        ),
    ],
    "signed_place": "Katrineholm",
    "signed_on": date(2025, 6, 12),
    "followups": [
        {
            "year": 2025,
            "number": 2,
            "published_at": at(2026, 2, 10),
            "published_by": "admin",
            "summary": (
                "Narkotikainsatserna har gett flera gripanden och handeln vid resecentrum har "
                "minskat enligt resenärerna. Höstlovets aktiviteter nådde fler unga än väntat."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 5),
                status(Status.DONE, comment="Fotpatrull alla helgnätter utom två."),
                status(Status.IN_PROGRESS, 2),
                status(Status.DONE, comment="140 unga deltog i höstlovets aktiviteter."),
                status(Status.IN_PROGRESS, 2),
                status(
                    Status.IN_PROGRESS,
                    comment="SSPF-gruppen träffas varannan vecka och följer nu elva ungdomar.",
                ),
            ],
        },
        {
            # Not published: this is the overdue follow-up.
            "year": 2026,
            "number": 1,
            "published_at": None,
            "published_by": None,
            "summary": "Utkast: siffrorna för juni saknas fortfarande.",
            "statuses": [
                status(Status.IN_PROGRESS, 9),
                status(Status.IN_PROGRESS),
                status(
                    Status.PARTLY_DONE,
                    4,
                    reason="Det femte stråket, vid Nävertorps centrum, "
                    "väntar på att parkeringen byggs om.",
                ),
                status(Status.IN_PROGRESS),
                status(Status.DONE, 3),
                status(Status.IN_PROGRESS),
            ],
        },
    ],
}


# --- Strängnäs 2026–2027 (draft) ----------------------------------------------------------------

STRANGNAS_2026 = {
    "municipality": "0486",
    "police_area": "lokalpolisomrade-eskilstuna",
    "title": "Medborgarlöfte Strängnäs kommun 2026–2027",
    "valid_from": date(2026, 1, 1),
    "valid_until": date(2027, 12, 31),
    "state": CitizenPromise.State.DRAFT,
    "signed_at": None,
    "published_at": None,
    "situation": paragraphs(
        "Strängnäs kommun har två tätorter vid Mälaren, Strängnäs och Mariefred, och många som "
        "pendlar med tåg. Invånarna beskriver kommunen som trygg, men i dialogerna 2025 lyfte de "
        "tre saker som stör vardagen.",
        "Den första är buskörning. Sommarkvällar körs bilar och motorcyklar i hög fart längs "
        "Mälarstranden och på infarterna, och ljudet hörs långt in i bostadsområdena.",
        "Den andra är resecentrum och gångtunneln under järnvägen, som många undviker efter "
        "klockan 21. Där samlas grupper av unga, och fältgruppen har sett att en del av dem är "
        "mycket unga.",
        "Den tredje är stölder i gästhamnarna. Under båtsäsongen 2025 stals ett tjugotal "
        "båtmotorer i Västerviken och i Mariefred, de flesta nattetid.",
    ),
    "effects": (
        "Buskörningen ska minska så att de boende märker skillnad, fler ska våga gå genom "
        "resecentrum på kvällen och färre båtägare ska drabbas av stöld."
    ),
    "cadence": CitizenPromise.Cadence.YEARLY,
    "followup_plan": (
        "När medborgarlöftet är undertecknat följs det upp varje år i det lokala "
        "brottsförebyggande rådet och redovisas här."
    ),
    "sources": [
        (Kind.CITIZEN_DIALOGUE, "Dialogträffar i Strängnäs och Mariefred hösten 2025."),
        (Kind.SAFETY_SURVEY, "Trygghetsmätning 2025, särskilt frågorna om resecentrum."),
        (Kind.RESIDENT_TIPS, "Tips från båtklubbar och boende vid Mälarstranden."),
    ],
    "places": [
        ("Resecentrum", "Undviks av många efter klockan 21.", "59.37630", "17.03060"),
        (
            "Gästhamnen i Västerviken",
            "Stölder av båtmotorer nattetid under säsongen.",
            "59.37880",
            "17.02520",
        ),
        ("Gångtunneln under järnvägen", "Mörk och upplevs otrygg.", None, None),
        ("Mariefreds gästhamn", "Stölder av båtmotorer.", None, None),
    ],
    "commitments": [
        commitment(
            POLICE,
            "genomföra minst 30 trafikkontroller mot buskörning längs "
            "Mälarstranden och på infarterna till Strängnäs och Mariefred.",
            ["trafik"],
            30,
            "trafikkontroller",
        ),
        commitment(
            POLICE,
            "arbeta mot narkotikaförsäljning till unga vid resecentrum.",
            ["narkotika", "unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            MUNICIPALITY,
            "se över belysning och växtlighet vid resecentrum och i gångtunneln under järnvägen.",
            ["trygghet-i-offentlig-miljo"],
        ),
        commitment(
            MUNICIPALITY,
            "låta fältgruppen arbeta fredags- och lördagskvällar hela året.",
            ["unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            JOINT,
            "märka båtmotorer tillsammans med båtklubbarna inför varje säsong.",
            ["inbrott"],
            6,
            "märkningstillfällen",
        ),
        commitment(
            JOINT,
            "gå trygghetsvandringar i både Strängnäs och Mariefred varje år.",
            ["trygghet-i-offentlig-miljo"],
            4,
            "trygghetsvandringar",
        ),
        commitment(
            JOINT,
            "ordna träffar om bedrägerier för äldre på kommunens mötesplatser.",
            ["bedragerier"],
        ),
    ],
    "signatories": [
        ("Per-Olof Wallin", "kommunstyrelsens ordförande", "Strängnäs kommun"),
        (
            "Sara Nyström",
            "lokalpolisområdeschef",
            "Lokalpolisområde Eskilstuna",
        ),
    ],
    "signed_place": "",
    "signed_on": None,
    "followups": [],
}


# --- Vaggeryd 2024–2025 (published, then withdrawn) ---------------------------------------------

VAGGERYD_2024 = {
    "municipality": "0665",
    "police_area": "lokalpolisomrade-jonkoping",
    "title": "Medborgarlöfte Vaggeryds kommun 2024–2025",
    "valid_from": date(2024, 1, 1),
    "valid_until": date(2025, 12, 31),
    "state": CitizenPromise.State.WITHDRAWN,
    "signed_at": at(2023, 12, 18, 11),
    "published_at": at(2024, 1, 15, 9),
    "withdrawn_at": at(2024, 10, 21, 14),
    "withdrawal_reason": (
        "Medborgarlöftet drogs tillbaka i oktober 2024. Lokalpolisområde Jönköping fick under "
        "hösten nya prioriteringar efter flera allvarliga våldsbrott i länet, och kommunen och "
        "polisen bedömde att löftena om kontroller och synlig närvaro inte längre kunde hållas. "
        "Ett nytt medborgarlöfte tas fram tillsammans med invånarna."
    ),
    "situation": paragraphs(
        "Vaggeryds kommun ligger längs E4 med de två tätorterna Vaggeryd och Skillingaryd. "
        "Närheten till motorvägen är bra för pendlare och företag, men den gör det också lätt för "
        "den som vill begå brott att komma och åka.",
        "Under 2023 anmäldes fler bostadsinbrott än på flera år, de flesta i villaområden nära "
        "påfarterna. Många grannar har hört av sig till kommunen och vill starta grannsamverkan.",
        "På kvällarna används de stora industriområdena för buskörning, och trafiken fortsätter "
        "ibland in i bostadsområdena. I Skillingaryds centrum saknar unga en plats att vara på, "
        "och de samlas i stället vid busshållplatsen och vid stationen i Vaggeryd.",
    ),
    "effects": (
        "Färre bostadsinbrott, mindre buskörning och en tryggare kvällsmiljö i båda tätorterna."
    ),
    "followup_plan": "Uppföljning varje halvår i kommunens trygghetsråd, redovisad här.",
    "sources": [
        (Kind.CRIME_STATISTICS, "Anmälda bostadsinbrott och trafikbrott 2021–2023."),
        (Kind.RESIDENT_TIPS, "Förfrågningar om grannsamverkan och klagomål på buskörning."),
    ],
    "places": [
        ("Vaggeryds station", "Samlingsplats för unga på kvällarna.", "57.49770", "14.14640"),
        ("Skillingaryds centrum", "Busshållplatsen där unga samlas.", "57.43190", "14.09120"),
        ("Industriområdena vid E4", "Buskörning kvällstid.", None, None),
    ],
    "commitments": [
        commitment(
            POLICE,
            "genomföra minst 15 kontroller mot buskörning på industriområdena i "
            "Vaggeryd och Skillingaryd.",
            ["trafik", "ordningsstorningar"],
            15,
            "kontroller",
        ),
        commitment(
            POLICE, "vara synliga i villaområdena nära E4 under dygnets mörka timmar.", ["inbrott"]
        ),
        commitment(
            MUNICIPALITY,
            "starta grannsamverkan i minst fyra nya bostadsområden.",
            ["inbrott"],
            4,
            "bostadsområden",
        ),
        commitment(
            MUNICIPALITY,
            "öppna en mötesplats för unga i Skillingaryds centrum med vuxna på "
            "plats fredagskvällar.",
            ["unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            JOINT,
            "gå en trygghetsvandring i varje tätort.",
            ["trygghet-i-offentlig-miljo"],
            2,
            "trygghetsvandringar",
        ),
        commitment(
            JOINT,
            "berätta för äldre om bedrägerier via telefon och nätet vid "
            "pensionärsföreningarnas träffar.",
            ["bedragerier"],
        ),
    ],
    "signatories": [
        ("Henrik Sandell", "kommunstyrelsens ordförande", "Vaggeryds kommun"),
        (
            "Annelie Rydberg",
            "lokalpolisområdeschef",
            "Lokalpolisområde Jönköping",
        ),
    ],
    "signed_place": "Vaggeryd",
    "signed_on": date(2023, 12, 18),
    "followups": [
        {
            "year": 2024,
            "number": 1,
            "published_at": at(2024, 8, 15),
            "published_by": "admin",
            "summary": (
                "Grannsamverkan har startat i det första området och trygghetsvandringen i "
                "Skillingaryd är genomförd. Mötesplatsen för unga öppnar till hösten."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 6),
                status(Status.IN_PROGRESS),
                status(Status.IN_PROGRESS, 1),
                status(
                    Status.NOT_STARTED, comment="Lokalen är klar; personal rekryteras under hösten."
                ),
                status(Status.IN_PROGRESS, 1),
                status(
                    Status.PARTLY_DONE,
                    reason="Två av tre träffar blev av. Den tredje ställdes "
                    "in eftersom för få hade anmält sig.",
                ),
            ],
        },
    ],
}


# --- Kungsör 2025–2026 --------------------------------------------------------------------------

KUNGSOR_2025 = {
    "municipality": "1960",
    "police_area": "lokalpolisomrade-vastra-malardalen",
    "title": "Medborgarlöfte Kungsörs kommun 2025–2026",
    "valid_from": date(2025, 1, 1),
    "valid_until": date(2026, 12, 31),
    "state": CitizenPromise.State.PUBLISHED,
    "signed_at": at(2024, 11, 27, 10),
    "published_at": at(2024, 12, 4, 9),
    "situation": paragraphs(
        "Kungsör är en liten kommun vid Mälaren där många känner varandra. Tryggheten är hög, och "
        "det som oroar invånarna är ofta knutet till vissa platser och vissa tider på året.",
        "På sommaren fylls gästhamnen och badplatsen av både besökare och unga från hela "
        "kommunen. Kring valborg, skolavslutningen och midsommar har polisen sett att vuxna langar "
        "alkohol till minderåriga, och det har lett till bråk och fylla.",
        "Klotter och skadegörelse har ökat i centrum och vid Kung Karls skola. Det syns och det "
        "påverkar hur invånarna upplever sin ort, även om det sällan är farligt.",
        "Socialtjänsten och skolan ser fler barn som lever med våld i hemmet. Många av dem har "
        "inte fångats upp tidigare, eftersom personalen har varit osäker på hur man ska agera.",
    ),
    "effects": (
        "Färre unga ska få tag i alkohol, klotter ska bort så snabbt att det inte lönar sig, och "
        "fler barn som lever med våld ska upptäckas och få hjälp."
    ),
    "cadence": CitizenPromise.Cadence.TERTIAL,
    "followup_plan": (
        "Kommunens trygghetssamordnare och kommunpolisen sammanställer en uppföljning efter varje "
        "tertial. Den publiceras här och presenteras för kommunstyrelsen."
    ),
    "sources": [
        (Kind.POLICE_INTELLIGENCE, "Iakttagelser om langning till unga under helger 2024."),
        (Kind.STAFF_DIALOGUE, "Samtal med personal i skola, socialtjänst och fritid."),
        (Kind.CITIZEN_DIALOGUE, "Trygghetskväll i Kungsörs kommunhus i september 2024."),
    ],
    "places": [
        ("Kungsörs station", "Samlingsplats för unga på kvällarna.", "59.42170", "16.09490"),
        (
            "Gästhamnen och badplatsen",
            "Langning och fylla under sommarhelgerna.",
            "59.42010",
            "16.10030",
        ),
        ("Kung Karls skola", "Klotter på fasader och på skolgården.", None, None),
    ],
    "commitments": [
        commitment(
            POLICE,
            "genomföra minst åtta insatser mot langning av alkohol till unga, "
            "särskilt kring valborg, skolavslutningen och midsommar.",
            ["alkohol-och-tobak", "unga-och-ungdomsbrottslighet"],
            8,
            "insatser",
        ),
        commitment(
            POLICE,
            "göra trafikkontroller vid infarterna till tätorten under sommarkvällarna.",
            ["trafik"],
            20,
            "trafikkontroller",
        ),
        commitment(
            MUNICIPALITY,
            "ta bort klotter på kommunens byggnader inom 48 timmar från anmälan.",
            ["skadegorelse"],
        ),
        commitment(
            MUNICIPALITY,
            "se till att fältassistenter och nattvandrare finns i gästhamnen "
            "och vid badplatsen under sommarhelgerna.",
            ["trygghet-i-offentlig-miljo", "unga-och-ungdomsbrottslighet"],
        ),
        commitment(
            MUNICIPALITY,
            "utbilda medarbetare i förskola, skola och hemtjänst i att "
            "upptäcka och agera vid våld i nära relationer.",
            ["vald-i-nara-relationer"],
            120,
            "utbildade medarbetare",
        ),
        commitment(
            JOINT,
            "gå en trygghetsvandring i centrum och kring stationen varje år.",
            ["trygghet-i-offentlig-miljo"],
            2,
            "trygghetsvandringar",
        ),
        commitment(
            JOINT,
            "bjuda in föräldrar till samtal om alkohol och droger inför sommarlovet.",
            ["alkohol-och-tobak", "narkotika"],
            2,
            "föräldramöten",
        ),
    ],
    "signatories": [
        ("Jonas Hedlund", "kommunstyrelsens ordförande", "Kungsörs kommun"),
        (
            "Annika Lund",
            "lokalpolisområdeschef",
            "Lokalpolisområde Västra Mälardalen",
        ),
    ],
    "signed_place": "Kungsör",
    "signed_on": date(2024, 11, 27),
    "followups": [
        {
            "year": 2025,
            "number": 1,
            "published_at": at(2025, 6, 12),
            "published_by": "admin",
            "summary": (
                "Valborg var lugnare än året innan. Klottret tas bort i tid och utbildningen om "
                "våld i nära relationer har börjat."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 2),
                status(Status.NOT_STARTED, 0, comment="Kontrollerna börjar i juni."),
                status(Status.DONE, comment="Alla 11 anmälningar åtgärdades inom 48 timmar."),
                status(Status.NOT_STARTED, comment="Nattvandringen börjar vid midsommar."),
                status(Status.IN_PROGRESS, 20),
                status(Status.NOT_STARTED, 0, comment="Vandringen planeras till september."),
                status(Status.NOT_STARTED, 0, comment="Det första mötet hålls i maj."),
            ],
        },
        {
            "year": 2025,
            "number": 2,
            "published_at": at(2025, 10, 16),
            "published_by": "admin",
            "summary": (
                "Skolavslutningen och sommaren i gästhamnen gick bra. Trafikkontrollerna blev "
                "färre än planerat i augusti."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 5),
                status(
                    Status.PARTLY_DONE,
                    11,
                    reason="Lokalpolisområdets patruller behövdes vid "
                    "en större utredning i augusti, och flera planerade kontroller ställdes in.",
                ),
                status(Status.DONE, comment="Alla 18 anmälningar åtgärdades inom 48 timmar."),
                status(
                    Status.DONE, comment="Nattvandrare varje helg från midsommar till skolstarten."
                ),
                status(Status.IN_PROGRESS, 45),
                status(Status.NOT_STARTED, 0, comment="Vandringen planeras till september."),
                status(Status.IN_PROGRESS, 1, comment="Ett möte i maj med ett 40-tal föräldrar."),
            ],
        },
        {
            "year": 2025,
            "number": 3,
            "published_at": at(2026, 2, 19),
            "published_by": "admin",
            "summary": (
                "Hösten följde planen. Trygghetsvandringen i september ledde till bättre "
                "belysning vid stationen."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 5),
                status(Status.IN_PROGRESS, 11, comment="Inga sommarkvällar kvar under året."),
                status(Status.DONE),
                status(Status.DONE),
                status(Status.IN_PROGRESS, 88),
                status(
                    Status.IN_PROGRESS,
                    1,
                    comment="Vandringen i september ledde till nya "
                    "lampor vid stationens cykelställ.",
                ),
                status(Status.IN_PROGRESS, 1),
            ],
        },
        {
            "year": 2026,
            "number": 1,
            "published_at": at(2026, 6, 11),
            "published_by": "admin",
            "summary": (
                "Ett stort klotterangrepp på idrottshallen i april tog längre tid än utlovat att "
                "sanera. Utbildningen om våld i nära relationer har nått sitt mål."
            ),
            "statuses": [
                status(Status.IN_PROGRESS, 6),
                status(Status.IN_PROGRESS, 11),
                status(
                    Status.PARTLY_DONE,
                    reason="Fasaden på idrottshallen krävde specialfärg och "
                    "saneringen tog tre veckor. Övriga anmälningar klarades inom 48 timmar.",
                ),
                status(Status.IN_PROGRESS),
                status(Status.DONE, 126),
                status(Status.IN_PROGRESS, 1),
                status(Status.IN_PROGRESS, 1),
            ],
        },
        {
            "year": 2026,
            "number": 2,
            "published_at": at(2026, 10, 22),
            "published_by": "admin",
            "summary": (
                "Målen för langningsinsatserna och föräldramötena är nådda. Sommaren var lugn i "
                "gästhamnen."
            ),
            "statuses": [
                status(Status.DONE, 8),
                status(Status.IN_PROGRESS, 17),
                status(Status.DONE, comment="Alla anmälningar åtgärdades inom 48 timmar."),
                status(Status.IN_PROGRESS),
                status(Status.DONE, 126),
                status(Status.IN_PROGRESS, 1),
                status(Status.DONE, 2),
            ],
        },
    ],
}


PROMISES = [
    VINGAKER_2023,
    VINGAKER_2025,
    KATRINEHOLM_2025,
    STRANGNAS_2026,
    VAGGERYD_2024,
    KUNGSOR_2025,
]
