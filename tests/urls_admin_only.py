"""Root URLs with the admin but none of the public pages, as before those were built."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("beheer/", admin.site.urls)]
