"""Background tasks (django-tasks). A worker runs them: `python manage.py db_worker`."""

from django_tasks import task


@task()
def render_book_task(render_id: int) -> str:
    """Render one queued book; WeasyPrint itself runs in a short-lived child process."""
    from books.operations import render_book

    render = render_book(render_id)
    return render.state if render else "vervallen"
