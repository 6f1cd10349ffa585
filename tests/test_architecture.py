"""The apps depend one way (docs/ARCHITECTURE.md): config > portal > followup > loften >
municipalities. import-linter checks the imports (`make test` runs it); these tests prove that it
does catch an upward import, and check what it cannot see: models named by string."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["config", "portal", "followup", "loften", "municipalities"]  # top to bottom
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(directory):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def copy_of_the_apps(tmp_path):
    for package in LAYERS:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_contract_holds():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward_import"),
    [
        ("municipalities/permissions.py", "from loften.models import CitizenPromise"),
        ("loften/models/document.py", "from followup.models import FollowUp"),
        ("followup/selectors.py", "from portal.views import promise_context"),
    ],
)
def test_an_upward_import_breaks_the_contract(copy_of_the_apps, module, upward_import):
    path = copy_of_the_apps / module
    # Inside a function, where it would not even run at import time: it still counts.
    path.write_text(path.read_text() + f"\n\ndef _breach():\n    {upward_import}\n")
    result = lint_imports(copy_of_the_apps)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert module.removesuffix(".py").replace("/", ".") in result.stdout


#: "app.Model" in a string: apps.get_model("followup", "FollowUp") is written as two strings,
#: a lazy foreign key as "followup.FollowUp".
MODEL_STRING = re.compile(
    r"""get_model\(\s*["'](?P<app>\w+)["']|["'](?P<dotted>\w+)\.[A-Z]\w*["']"""
)


def test_no_lower_app_names_a_higher_apps_model_in_a_string():
    breaches = []
    for index, layer in enumerate(LAYERS):
        higher = set(LAYERS[:index])
        for path in (ROOT / layer).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # migrations name their dependencies by design
            for match in MODEL_STRING.finditer(path.read_text()):
                app = match.group("app") or match.group("dotted")
                if app in higher:
                    breaches.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert breaches == []


def test_no_model_orders_by_a_relation():
    """Ordering by a foreign key ("promise") adds the related model's own ordering, and its
    joins, to every query of the rows; order by the column ("promise_id") instead."""
    from django.apps import apps

    offenders = []
    for app in LAYERS[1:]:
        for model in apps.get_app_config(app).get_models():
            for entry in model._meta.ordering:
                name = entry.lstrip("-").split("__")[0]
                field = next((f for f in model._meta.fields if f.name == name), None)
                if field is not None and field.is_relation and "__" not in entry.lstrip("-"):
                    offenders.append(f"{model.__name__}: {entry}")
    assert offenders == []
