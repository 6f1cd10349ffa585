from django.core.management.base import BaseCommand

from portal.alerts.sending import send_alerts
from portal.alerts.services import expired_requests_forget


class Command(BaseCommand):
    help = (
        "Mejlar varje bekräftad e-postbevakning om medborgarlöften och uppföljningar som har "
        "publicerats sedan förra gången. Varje händelse skickas en gång per bevakning: en andra "
        "körning skickar inget. Glömmer också adressen i anmälningar som aldrig bekräftades."
    )

    def handle(self, *args, **options):
        forgotten = expired_requests_forget()
        result = send_alerts()
        # Counts only: an address is never written to the output or the log.
        self.stdout.write(
            self.style.SUCCESS(
                f"Skickade {result.messages} meddelanden om {result.events} publiceringar."
            )
        )
        if result.failed:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.failed} meddelanden kunde inte skickas; de skickas vid nästa körning."
                )
            )
        if forgotten:
            self.stdout.write(f"Glömde adressen i {forgotten} obekräftade anmälningar.")
