from django.apps import apps

from loften.management.demo_guard import DemoCommand
from portal.demo import load_demo


class Command(DemoCommand):
    help = (
        "Läser in demodata: fem kommuner med medborgarlöften, uppföljningar och demoinloggningar. "
        "Kan köras flera gånger; befintliga demodata uppdateras i stället för att dupliceras."
    )

    risk = (
        "Demodata har inloggningar med ett publicerat lösenord.",
        "The demo data has logins with a published password.",
    )

    def handle(self, *args, **options):
        self.stdout.write("Läser in demodata …")
        result = load_demo(stdout=self.stdout)

        count = {
            label: apps.get_model(label).objects.count()
            for label in (
                "loften.CitizenPromise",
                "loften.Commitment",
                "followup.FollowUp",
                "followup.CommitmentStatus",
                "municipalities.PoliceArea",
            )
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart. I databasen finns nu {count['loften.CitizenPromise']} medborgarlöften "
                f"med {count['loften.Commitment']} löften, {count['followup.FollowUp']} "
                f"uppföljningar med {count['followup.CommitmentStatus']} statusar och "
                f"{count['municipalities.PoliceArea']} lokalpolisområden."
            )
        )

        if result["skipped"]:
            self.stdout.write("")
            self.stdout.write(
                self.style.WARNING("Lämnades orörda, eftersom demon inte har skapat dem:")
            )
            for line in result["skipped"]:
                self.stdout.write(f"  {line}")

        logins = result["logins"]
        headers = ("Användarnamn", "Lösenord", "Roll", "Organisation")
        rows = [(x["username"], x["password"], x["role"], x["organisation"]) for x in logins]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("")
        self.stdout.write("Demoinloggningar (logga in på /admin/):")
        for row in [headers, *rows]:
            line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())
