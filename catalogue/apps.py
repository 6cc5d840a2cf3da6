"""The project's app config, and Dutch-named configs for two installed apps (see INSTALLED_APPS).

Their labels are translated in locale/nl; what no catalogue can translate is set here: the app's name
on the admin index, and the English __str__ by which the admin names their records (title, breadcrumb,
delete page; the admin has no other hook for it).
"""

from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db import apps as tasks_db_apps


class CatalogueConfig(AppConfig):
    default = True  # this module holds more than one config; "catalogue" in INSTALLED_APPS means this one
    name = "catalogue"
    verbose_name = "Productencatalogus"


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "?"


def _attempt_name(attempt) -> str:
    return f"Inlogpogingen van {attempt.username or '?'} ({attempt.ip_address or '?'})"


def _failure_name(failure) -> str:
    blocked = " (geblokkeerd)" if failure.locked_out else ""
    return f"Mislukte aanmelding van {failure.username or '?'} op {_moment(failure.attempt_time)}{blocked}"


def _login_name(log) -> str:
    return f"Aanmelding van {log.username or '?'} op {_moment(log.attempt_time)}"


def _task_name(result) -> str:
    return f"Taak {result.task_name} ({result.get_status_display().lower()})"


class LoginLockoutConfig(axes_apps.AppConfig):
    """django-axes (the login lockout); label "axes" as before."""

    default = False
    verbose_name = "Inlogbeveiliging"

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt_name
        AccessFailureLog.__str__ = _failure_name
        AccessLog.__str__ = _login_name


class TaskQueueConfig(tasks_db_apps.TasksAppConfig):
    """django-tasks' database queue; label "django_tasks_database" (and so its tables) as before."""

    default = False
    verbose_name = "Takenwachtrij"

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.__str__ = _task_name  # type: ignore[method-assign]  # replacing its English name on purpose
