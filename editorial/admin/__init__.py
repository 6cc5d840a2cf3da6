"""The staff screens (Django's admin), scoped by the user's roles (see editorial.access).

Importing the package registers every catalogue admin; the books app adds its own on top.
"""

from editorial.admin import catalogue, municipalities, search  # noqa: F401  (registers the admins)
