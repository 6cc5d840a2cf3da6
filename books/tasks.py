"""Background tasks (django-tasks). A worker runs them: `python manage.py db_worker`."""

from django.utils import timezone
from django_tasks import task

from books.models import BookRender
from books.rendering import needs_new_attempt, render_book


@task()
def render_book_task(render_id: int) -> str:
    """Render one queued book; WeasyPrint itself runs in a short-lived child process.

    Afterwards the worker queues again any render another, killed worker left untouched, so a dead render
    is picked up even when nobody asks for it again.
    """
    render = render_book(render_id)
    requeue_stale_renders()
    return render.state if render else "vervallen"


def requeue_stale_renders() -> int:
    """Queue again every pending render whose worker stopped touching it (killed mid-render); how many."""
    count = 0
    for render in BookRender.objects.filter(state__in=[BookRender.State.QUEUED, BookRender.State.RENDERING]):
        if needs_new_attempt(render):
            # Only one worker re-queues it: the update matches the row as this worker saw it.
            requeued = BookRender.objects.filter(pk=render.pk, state=render.state, updated_at=render.updated_at).update(
                state=BookRender.State.QUEUED, error="", updated_at=timezone.now()
            )
            if requeued:
                render_book_task.enqueue(render.pk)
                count += 1
    return count
