"""Three published medborgarlöften, as an official would enter them: their parties, their
sections under their own headings in their own order, their own focus areas and their löften
under their own lead-ins. The names, headings and focus areas are the documents'; the body texts
are short paraphrases, not the documents' wording.

Each is a dict read by `enter_document` (tests/loften/test_structure.py): sections are
(kind, heading, body) with an empty heading for text that stands without one; groups are
(lead-in, [(text, party keys, own focus areas)]), a party key being "kommun", "polis" or a
kommun's code."""

import datetime

VINGAKER_2023 = {
    "municipality": "0428",
    "title": "Medborgarlöfte Vingåkers kommun 2023-2024",
    "valid_from": datetime.date(2023, 1, 1),
    "valid_until": datetime.date(2024, 12, 31),
    "sections": [
        ("introduction", "Inledning", "Löftet hör till kommunens och polisens överenskommelse."),
        (
            "situation",
            "Lägesbild",
            "Invånarna känner sig i regel trygga.\n\nTrafik och unga oroar.",
        ),
        # The document lists its focus areas under "Effekter".
        ("focus_areas", "Effekter", "Arbetet ska ge åtgärder och till sist mer trygghet."),
        ("commitments", "Medborgarlöften 2023-2024", ""),
        ("other", "", "Målet är ökad trygghet, mätt i polisens trygghetsmätning."),
        ("other", "Giltighetstid", "Gäller 1 januari 2023 till 31 december 2024."),
        ("followup_plan", "Uppföljning", "Följs upp varje halvår och slutligen i december 2024."),
    ],
    "local_focus_areas": [
        ("Störningar från motorfordon i tätorten", "", ["trafik"]),
        ("Hastighetsöverträdelser i kommunen med ett särskilt fokus på landsbygd", "", ["trafik"]),
        ("Skapa en trygg och säker centrumkärna i Vingåker", "", []),
        ("Äldres utsatthet för alla typer av bedrägerier", "", ["bedragerier"]),
    ],
    "groups": [
        (
            "Polisen lovar att:",
            [
                ("kontrollera hastigheter på landsbygden.", ["polis"], [1]),
                ("kontrollera störande motortrafik i tätorten.", ["polis"], [0]),
                ("göra insatser mot ungdomsproblem.", ["polis"], []),
                ("arbeta riktat i centrum.", ["polis"], [2]),
            ],
        ),
        (
            "Kommunen lovar att:",
            [
                ("ordna den årliga trygghetsvandringen.", ["kommun"], [2]),
                ("mäta hastigheter med digitala skyltar.", ["kommun"], [1]),
                ("erbjuda fler fritidsaktiviteter för unga.", ["kommun"], []),
                ("trygghetsvärdar arbetar under sommaren.", ["kommun"], [2]),
            ],
        ),
        (
            "Polisen och kommun lovar att:",
            [
                ("stötta aktiviteter för motorintresserade unga.", ["kommun", "polis"], [0]),
                ("informera äldre om bedrägerier.", ["kommun", "polis"], [3]),
            ],
        ),
    ],
}

STRANGNAS_2017 = {
    "municipality": "0486",
    "title": "Medborgarlöfte 2017",
    "valid_from": datetime.date(2017, 1, 1),
    "valid_until": datetime.date(2017, 12, 31),
    "sections": [
        ("introduction", "", "Polisen och kommunen arbetar tillsammans för en tryggare kommun."),
        ("background", "", "Samarbetet har pågått sedan 2007 och signerades i februari."),
        (
            "situation",
            "Aktuell lägesbild",
            "Buskörning stör.\nUnga samlas i centrum.\nOro i mörker.",
        ),
        ("focus_areas", "Fokusområden", "Områdena där resurserna prioriteras under året:"),
        ("commitments", "Gemensamma aktiviteter under året", ""),
        ("purpose", "Ökad kunskap skapar ökad känsla av trygghet", "Målet är ökad trygghet."),
    ],
    "local_focus_areas": [
        ("Förebygga brott bland unga", "", []),
        ("Droger", "", ["narkotika"]),
        ("Trafik", "", ["trafik"]),
        ("Våld i offentlig miljö", "", []),
        ("Trygghet i offentlig miljö", "", []),
    ],
    "groups": [
        (
            "",
            [
                ("Trafikkontroller och trafikvandringar.", ["kommun", "polis"], [2]),
                ("Arbeta med unga som samlas i grupper.", ["kommun", "polis"], [0]),
                ("Trygghetsvandringar i alla orter.", ["kommun", "polis"], [4]),
            ],
        ),
    ],
}

KATRINEHOLM_2022 = {
    "municipality": "0483",
    "title": "Medborgarlöfte 2022–2023",
    "valid_from": datetime.date(2022, 1, 1),
    "valid_until": datetime.date(2023, 12, 31),
    "sections": [
        ("other", "Lokalt brottsförebyggande arbete", ""),
        ("introduction", "Inledning", "Löftet bygger på en gemensam lägesbild."),
        (
            "situation",
            "Vad upplever medborgarna i Katrineholms kommun",
            "Bilden är i stort positiv, men delar av centrum, norr och Nävertorp upplevs otrygga.",
        ),
        ("focus_areas", "", "Kommunen och polisen har därtill valt tre fokusområden:"),
        ("effects", "Effekter", "Tryggheten ska öka och utsattheten minska.\n\nPå lång sikt."),
        (
            "followup_plan",
            "Uppföljning och återkoppling mot medborgarna",
            "Redovisas i Rådet för trygghet och säkerhet tre gånger om året.",
        ),
        ("commitments", "Medborgarlöfte 2022–2023", ""),
        ("other", "Giltighetstid", "Gäller 1 januari 2022 till 31 december 2023."),
    ],
    "local_focus_areas": [
        ("Våld", "Våld orsakar stort lidande, i skolan, hemmet och offentligt.", []),
        ("Droger", "Droger drabbar unga och boende.", ["narkotika"]),
        ("Ungdomsbrottslighet", "Klimatet bland unga har hårdnat.", []),
    ],
    "groups": [
        (
            "Kommunen och Polisen lovar gemensamt att:",
            [
                (
                    "sätta in åtgärder för ökad trygghet i centrum, norr och Nävertorp.\n"
                    "Till exempel patrullering, belysning eller kameror.",
                    ["kommun", "polis"],
                    [],
                ),
            ],
        ),
    ],
}

SEEDS = [VINGAKER_2023, STRANGNAS_2017, KATRINEHOLM_2022]
