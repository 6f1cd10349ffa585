from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import override

from loften.pdf.verification import describe


class Command(BaseCommand):
    help = (
        "Kontrollerar en PDF: om den bär en hel och giltig underskrift från portalens certifikat "
        "och vilket medborgarlöfte den är. Avslutas med felkod när filen inte kan verifieras."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="PDF-filen att kontrollera.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Filen {path} kunde inte läsas: {error.strerror}.") from error
        with override("sv"):
            report = describe(data)
            verification = report.verification
            self.stdout.write(f"Fil: {path}")
            if not report.ok:
                for problem in report.problems():
                    self.stdout.write(f"  {problem}")
                raise CommandError(str(report.headline), returncode=2)
            self.stdout.write(self.style.SUCCESS(str(report.headline)))
            self.stdout.write(f"Undertecknat av: {verification.signer}")
            if verification.signed_at:
                signed_at = timezone.localtime(verification.signed_at)
                self.stdout.write(f"Undertecknat: {signed_at:%Y-%m-%d %H:%M %Z}")
            self.stdout.write(f"Dokument: {verification.title}")
            if report.followup_pk:
                self.stdout.write(f"Uppföljning: id {report.followup_pk}")
            if report.promise is not None:
                state = report.promise.get_state_display()
                self.stdout.write(
                    f"Medborgarlöfte: {report.promise.title} (id {report.promise.pk}, {state})"
                )
                if report.is_current_version is False:
                    self.stdout.write(
                        "Obs! Medborgarlöftets innehåll i portalen skiljer sig från filens: "
                        "filen är en äldre version."
                    )
                elif report.is_current_version:
                    self.stdout.write("Filen är den gällande versionen.")
            else:
                self.stdout.write("Medborgarlöftet finns inte (längre) i portalen.")
