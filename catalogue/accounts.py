"""Creating staff accounts (the one write behind `dev.py staff` and `manage.py create_staff`)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction


@transaction.atomic
def create_superuser(*, username: str, email: str, password: str):
    """A staff account with every permission; raises ValidationError (in Dutch) on bad input."""
    user = get_user_model()(username=username, email=email, is_staff=True, is_superuser=True)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user
