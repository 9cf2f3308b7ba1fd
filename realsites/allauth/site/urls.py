"""Home and contact pages, allauth's account pages, all under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("contact/", TemplateView.as_view(template_name="contact.html"), name="contact"),
    path("accounts/", include("allauth.urls")),
)
