"""Background tasks (django-tasks). A worker runs them: `python manage.py db_worker`."""

from django_tasks import task

from books.rendering import render_book


@task()
def render_book_task(render_id: int) -> str:
    """Render one queued book; WeasyPrint itself runs in a short-lived child process."""
    render = render_book(render_id)
    return render.state if render else "vervallen"
