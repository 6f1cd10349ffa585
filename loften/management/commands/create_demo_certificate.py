from pathlib import Path

from django.conf import settings

from loften.certificates import PKCS12_NAME, create_signing_certificates
from loften.management.demo_guard import DemoCommand


class Command(DemoCommand):
    help = (
        "Skapar ett självsignerat democertifikat (rotcertifikat och signeringscertifikat som "
        "PKCS#12) för att underteckna PDF-dokument i utvecklingsmiljön. Bara för demo: i drift "
        "anges ett riktigt certifikat med PDF_SIGNING_PKCS12_PATH."
    )

    risk = (
        "Democertifikatets lösenfras står i koden, så det som det undertecknar kan vem som "
        "helst förfalska.",
        "The demo certificate's passphrase is public, so anyone could forge what it signs.",
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--directory",
            default=str(settings.PDF_DEMO_CERTIFICATE_DIR),
            help="Katalog för certifikaten (standard: %(default)s).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Skapa nya certifikat även om de redan finns."
        )

    def handle(self, *args, directory, force, **options):
        target = Path(directory)
        if (target / PKCS12_NAME).exists() and not force:
            self.stdout.write(f"Democertifikatet finns redan i {target}; inget ändrat.")
            return
        files = create_signing_certificates(
            target, passphrase=settings.PDF_DEMO_CERTIFICATE_PASSPHRASE
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Democertifikat skapat: {files.pkcs12} (nyckel och certifikat) och "
                f"{files.root} (rotcertifikat att lita på vid verifiering). Med DEBUG=1 "
                "används det automatiskt när PDF_SIGNING_PKCS12_PATH inte är satt."
            )
        )
