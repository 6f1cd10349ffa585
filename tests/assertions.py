import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def assert_rejected(obj, message):
    """The rule holds twice: full_clean() explains it, and the database refuses it."""
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
