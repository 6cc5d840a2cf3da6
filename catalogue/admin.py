"""The admin screens of the login lockout (django-axes) and the task queue (django-tasks-db), in Dutch.

Their labels are translated in locale/nl. These subclasses replace what those apps write as plain
English strings, which no catalogue can translate: a column without a translatable label, a message
built with an f-string, a date shown as Python prints it. (And axes' clean-up action, which fails
outside a login request.)
"""

from datetime import datetime

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.action(description="Verlopen inlogpogingen opruimen")
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet) -> None:
        # axes reckons "expired" from the time a login request carries; an admin request carries none
        # (axes' own action fails with an AttributeError there), so the cool-off counts back from now.
        request.axes_attempt_time = None  # type: ignore[attr-defined]  # axes' own attribute on the request
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} verlopen inlogpoging(en) opgeruimd.")


class TaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    list_display = ("id", "name", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

    @admin.display(description="taak", ordering="task_path")
    def name(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description="foutmelding (traceback)")
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description="niet eerder dan")
    def display_run_after(self, obj: DBTaskResult) -> str:
        value = super().display_run_after(obj)
        return date_format(timezone.localtime(value), "DATETIME_FORMAT") if isinstance(value, datetime) else value


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)
admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
