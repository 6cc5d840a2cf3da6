"""Background tasks (django-tasks). A worker runs them: `python manage.py db_worker`."""

from django_tasks import task

from books.rendering import render_book


@task()
def render_book_task(render_id: int) -> str:
    """Render one queued book; WeasyPrint itself runs in a short-lived child process.

    Afterwards the worker queues again any render another, killed worker left untouched (books.operations),
    so a dead render is picked up even when nobody asks for it again.
    """
    from books.operations import requeue_stale_renders  # books.operations imports this module

    render = render_book(render_id)
    requeue_stale_renders()
    return render.state if render else "vervallen"
