"""Medborgarlöften written for the importer's tests, in the layouts real ones come in: two Word
templates, a saved web page, a PDF, and three plain texts that follow the layouts of three
published documents (their headings, bullet styles and lead-ins; tests/seeds.py) in our own
words. Each builder returns (file name, bytes)."""

import io

from docx import Document
from docx.enum.text import WD_BREAK

# A kommun's Word template: Title and Heading styles, bulleted lists, the header block in the
# page header, a signing place and date and two signatories after dotted lines.
WORD_A_LOFTEN = {
    "Polisen lovar att:": [
        "göra trafikkontroller vid skolorna i Flen under terminsstarterna.",
        "vara synlig i centrum på fredagskvällar.",
    ],
    "Kommunen lovar att:": [
        "sätta upp bättre belysning i gångtunneln vid stationen.",
        "anordna två trygghetsvandringar om året.",
    ],
    "Vi lovar gemensamt att:": [
        "berätta om arbetet på kommunens och polisens webbplatser.",
    ],
}


def word_template_a() -> tuple[str, bytes]:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Flens kommun  Dnr KS 2023/210"
    document.add_heading("Medborgarlöfte Flens kommun 2024", 0)
    document.add_heading("Inledning", 1)
    document.add_paragraph(
        "Kommunen och polisen i Flen arbetar tillsammans mot brott och för trygghet."
    )
    document.add_heading("Lägesbild", 1)
    document.add_paragraph(
        "Underlaget är medborgardialoger under hösten, brottsstatistik för tre år och "
        "kommunens trygghetsmätning. Otryggheten gäller platser som till exempel "
        "stationen, gångtunneln och torget."
    )
    document.add_heading("Fokusområden", 1)
    for area in ("Trafiken vid skolorna", "Trygghet i centrum"):
        document.add_paragraph(area, style="List Bullet")
    document.add_heading("Våra löften", 1)
    for lead_in, items in WORD_A_LOFTEN.items():
        document.add_paragraph(lead_in)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    document.add_heading("Uppföljning", 1)
    document.add_paragraph("Arbetet följs upp i juni och i december 2024.")
    document.add_paragraph("Flen 2023-12-12")
    for name, title in (
        ("Anna Berg", "Kommunstyrelsens ordförande"),
        ("Per Lind", "Lokalpolisområdeschef Katrineholm"),
    ):
        document.add_paragraph("……………………………………")
        document.add_paragraph(name)
        document.add_paragraph(title)
    return "flen-2024.docx", _save(document)


# Another template: the header block (kommun, case number, date, page) typed on every page,
# a table of contents, numbered löften under "Så här arbetar vi:", a third party, an
# attachment, and no signatories at all.
WORD_B_HEADER = ["Katrineholms kommun", "Diarienummer: KS/2021:88", "2021-11-30"]


def word_template_b() -> tuple[str, bytes]:
    document = Document()

    def header(page: int) -> None:
        for line in WORD_B_HEADER:
            document.add_paragraph(line)
        document.add_paragraph(f"Sida {page} (2)")

    header(1)
    document.add_paragraph("Medborgarlöfte för Katrineholm")
    document.add_paragraph("Innehåll")
    document.add_paragraph("Bakgrund ........ 1")
    document.add_paragraph("Våra åtaganden ........ 2")
    document.add_paragraph("Bakgrund")
    document.add_paragraph(
        "Medborgarlöftet gäller från 1 januari 2022 till 31 december 2023 och bygger på "
        "polisens underrättelseinformation och tips från invånare."
    )
    document.add_paragraph("Läs mer på <https://www.katrineholm.se/trygghet>")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    header(2)
    document.add_paragraph("Våra åtaganden")
    document.add_paragraph("Så här arbetar vi:")
    document.add_paragraph("1. Vi håller öppet hus på polisstationen en gång i månaden.")
    document.add_paragraph("2. Vi besöker alla högstadieskolor under läsåret.")
    document.add_paragraph("KFAB lovar att:")
    document.add_paragraph("- rensa buskage vid gångvägarna i Nävertorp.")
    document.add_paragraph("Bilaga 1: Handlingsplan för trygghetsvandringar")
    return "katrineholm.docx", _save(document)


WEB_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Medborgarlöfte | Vingåkers kommun</title>
<style>body { font-family: sans-serif }</style><script>var tracking = "Polisen lovar att:";</script>
</head><body>
<header><a href="/">Till startsidan</a> Vingåkers kommun</header>
<nav><ul><li>Bo och leva</li><li>Trygghet</li><li>Kontakt</li></ul></nav>
<main>
<h1>Medborgarlöfte under 2025</h1>
<p>Polisen och Vingåkers kommun har enats om ett medborgarlöfte under 2025.</p>
<h2>Syfte</h2>
<p>Syftet är att fler ska känna sig trygga i Vingåker och Baggetorp.</p>
<h2>Lägesbild</h2>
<p>Medarbetardialoger och en trygghetsmätning visar oro för bedrägerier mot äldre.</p>
<h2>Medborgarlöften</h2>
<p>Polisen och kommunen lovar att:</p>
<ul><li>informera pensionärsföreningarna om bedrägerier två gånger under året.</li>
<li>ha en gemensam plats på höstmarknaden.</li></ul>
<h2>Effekt</h2>
<p>Färre äldre ska bli lurade.</p>
</main>
<footer><p>Vingåkers kommun, 643 80 Vingåker</p><p>Senast uppdaterad 2025-01-10</p></footer>
</body></html>"""


def web_page() -> tuple[str, bytes]:
    return "medborgarlofte-vingaker.html", WEB_PAGE.encode()


PDF_HTML = """<html lang="sv"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm; @bottom-center { content: counter(page) } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt }
</style></head><body>
<p>Medborgarlöfte Katrineholms kommun 2022–2023</p>
<p>Inledning</p>
<p>Löftet är en del av samverkansöverenskommelsen mellan kommunen och polisen.</p>
<p>Lägesbild</p>
<p>Enligt trygghetsmätningen upplevs stadsdelarna Norr och Nävertorp som otrygga.</p>
<p>Medborgarlöfte 2022–2023</p>
<p>Polisen lovar att:</p>
<p>- patrullera till fots i Nävertorp och Norr minst två kvällar i veckan under hela
perioden, och särskilt under sommarlovet när många unga är ute sent</p>
<p>- hålla medborgardialoger i båda stadsdelarna varje termin.</p>
<p>Kommunen lovar att:</p>
<p>- se över belysningen på gångvägarna.</p>
<p>Giltighetstid</p>
<p>Medborgarlöftet gäller 2022–2023.</p>
<p>Katrineholm den 15 december 2021</p>
<p>Lena Ek</p>
<p>Chef lokalpolisområde Katrineholm</p>
<p>Omar Said</p>
<p>Kommundirektör Katrineholms kommun</p>
</body></html>"""


def pdf_document() -> tuple[str, bytes]:
    from weasyprint import HTML

    return "katrineholm-2022.pdf", HTML(string=PDF_HTML).write_pdf()


def image_only_pdf() -> tuple[str, bytes]:
    from weasyprint import HTML

    picture = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
        '<rect width="400" height="300" fill="#3a6"/></svg>'
    )
    return "skannad.pdf", HTML(string=f"<html><body>{picture}</body></html>").write_pdf()


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Three plain texts in the layouts of three published documents (tests/seeds.py): a kommun's
# text with dash bullets and three lead-ins and its signatories at the end; a web page's text
# with "•" bullets, no lead-in and the signatories in a photo caption; and a text whose focus
# areas are headings with their own paragraphs, with one löfte that wraps onto a second line.
SEED_LAYOUT_VINGAKER = """
Medborgarlöfte Vingåkers kommun 2023-2024

Inledning

Löftet är en del av kommunens och polisens överenskommelse om samverkan.

Lägesbild

Medborgardialogerna visar att de flesta känner sig trygga. Unga samlas vid platser som till exempel stationen, tennisparken och multiarenan.

Effekter

Arbetet ska leda till åtgärder och till sist ökad trygghet.

Fyra fokusområden har valts.

- Störande motorfordon i tätorten
- Hastigheter på landsbygden
- En trygg centrumkärna
- Bedrägerier mot äldre

Medborgarlöften 2023-2024

Polisen lovar att:

- kontrollera hastigheter på landsbygden.
- kontrollera störande motortrafik i tätorten.

Kommunen lovar att:

- ordna den årliga trygghetsvandringen.
- mäta hastigheter med digitala skyltar.

Polisen och kommun lovar att:

- stötta aktiviteter för motorintresserade unga.
- informera äldre om bedrägerier.

Målet är ökad trygghet, mätt i polisens trygghetsmätning.

Giltighetstid

Medborgarlöftet gäller from 1 januari 2023 till 31 december 2024.

Uppföljning

Följs upp varje halvår.



Karin Polis

Chef lokalpolisområde Katrineholm



Kalle Kommun

Kommunchef Vingåkers kommun
"""

SEED_LAYOUT_STRANGNAS = """Toppbild

Medborgarlöfte 2017

Eva Exempel, kommunchef och Olle Ordförande, kommunstyrelsens ordförande (M) och Lars Polis, lokalpolisområdeschef signerar medborgarlöftet för 2017

Polisen och kommunen arbetar tillsammans för en tryggare kommun.

Aktuell lägesbild

• Buskörning stör boende.
• Unga samlas i centrum.

Fokusområden
Områdena där resurserna prioriteras under året:

• Förebygga brott bland unga
• Droger
• Trafik

Gemensamma aktiviteter under året
• Genomföra trafikkontroller i området.
• Arbeta med unga som samlas i grupper.

– Vi är på god väg, säger kommunchefen.

Uppdaterad 2018-03-01

Exempels kommun, 123 45 Exempelstad | telefon 0100-10 10 10 | e-post kommun@example.se

  >
"""

SEED_LAYOUT_KATRINEHOLM = """
Medborgarlöfte 2022–2023

Inledning

Löftet bygger på en gemensam lägesbild av kommunen och polisen.

Vad upplever medborgarna i Katrineholms kommun

Trygghetsmätningar och dialoger ger en i stort positiv bild. Kommunen och polisen har därtill valt tre fokusområden:

Våld

Våld orsakar stort lidande i skolan, i hemmet och på allmän plats.

Droger

Droger drabbar unga och boende.

Ungdomsbrottslighet

Klimatet bland unga har hårdnat.

Uppföljning och återkoppling mot medborgarna

Redovisas i Rådet för trygghet tre gånger om året.

Medborgarlöfte 2022–2023

Kommunen och Polisen lovar gemensamt att:

- sätta in åtgärder för ökad trygghet i centrum, norr och Nävertorp.
Till exempel patrullering, belysning eller kameror.

Giltighetstid

Medborgarlöftet gäller from 1 januari 2022 till 31 december 2023.



Lisa Polischef

Chef lokalpolisområde Katrineholm



Johan Ordförande (S)

Kommunstyrelsens ordförande
"""
