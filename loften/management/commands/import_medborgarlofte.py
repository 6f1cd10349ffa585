"""manage.py import_medborgarlofte FILE --municipality KOMMUNKOD [--police-area NAME]
[--user USERNAME] [--dry-run] [--json]: propose a medborgarlöfte's structure from a .txt, .docx,
.pdf or .html file and, unless --dry-run, save it as a draft by USERNAME (a member of the
kommun or its police area). With --json the proposal is printed as one JSON object
(loften/importer/proposal.schema.json) and nothing else."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from loften.importer.draft import create_draft, find_municipality, find_police_area
from loften.importer.errors import ImportRefused
from loften.importer.extract import check_size, extract_text
from loften.importer.proposal import propose


class Command(BaseCommand):
    help = "Föreslår ett medborgarlöftes struktur ur en fil och sparar det som utkast."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Filen: .txt, .docx, .pdf eller .html.")
        parser.add_argument("--municipality", required=True, help="Kommunkoden, t.ex. 0428.")
        parser.add_argument("--police-area", help="Lokalpolisområdets namn.")
        parser.add_argument("--user", help="Användarnamnet på den som sparar utkastet.")
        parser.add_argument("--dry-run", action="store_true", help="Visa förslaget, spara inget.")
        parser.add_argument("--json", action="store_true", help="Skriv förslaget som JSON.")

    def handle(self, *args, **options):
        try:
            self.run(options)
        except ImportRefused as error:
            raise CommandError(str(error)) from error

    def run(self, options) -> None:
        path = Path(options["file"])
        limit = settings.IMPORT_MAX_FILE_BYTES
        try:
            check_size(path.stat().st_size, limit)
            data = path.read_bytes()
        except OSError as error:
            raise ImportRefused(f"Filen ”{path}” går inte att läsa: {error.strerror}.") from error
        municipality = find_municipality(options["municipality"])
        user = None
        if not options["dry_run"]:
            if not options["user"]:
                raise ImportRefused(
                    "Ange vem som sparar utkastet med --user ANVÄNDARNAMN, eller använd "
                    "--dry-run för att bara se förslaget."
                )
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise ImportRefused(f"Det finns ingen användare ”{options['user']}”.")
        _format, text = extract_text(path.name, data, max_bytes=limit)
        proposal = propose(text)
        police_area = find_police_area(municipality, options["police_area"], proposal)
        promise = None
        if user is not None:
            promise = create_draft(
                proposal, municipality=municipality, police_area=police_area, user=user
            )
        if options["json"]:
            self.stdout.write(json.dumps(proposal.as_json(), ensure_ascii=False))
            return
        self.stdout.write(self.summary(proposal))
        if promise is not None:
            self.stdout.write(f"Utkastet är sparat: {promise.title} (id {promise.pk}).")

    def summary(self, proposal) -> str:
        found = proposal.as_json()
        lines = [
            f"Titel: {found['title']}",
            f"Period: {found['valid_from']} – {found['valid_until']}",
            f"Lokalpolisområde: {found['police_area'] or 'okänt'}",
            f"Avsnitt: {len(found['sections'])}, fokusområden: {len(found['focus_areas'])}, "
            f"löften: {len(found['commitments'])}, underlag: {len(found['sources'])}, "
            f"platser: {len(found['places'])}, bilagor: {len(found['attachments'])}",
            "Undertecknare: "
            + (
                ", ".join(s["name"] for s in found["signatories"])
                or "inga (dokumentet namnger inga)"
            ),
        ]
        if found["unplaced"]:
            lines.append("Rader som inte placerades:")
            lines.extend(f"  {line}" for line in found["unplaced"])
        return "\n".join(lines)
