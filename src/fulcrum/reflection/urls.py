from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.reflection import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.journal_list, name="journal_list"),
        path("write/", views.journal_write, name="journal_write"),
        path("prompts/", views.prompt_library, name="prompt_library"),
        path("<int:entry_id>/", views.journal_detail, name="journal_detail"),
        path("<int:entry_id>/edit/", views.journal_edit, name="journal_edit"),
        path("<int:entry_id>/history/", views.journal_history, name="journal_history"),
        path("<int:entry_id>/delete/", views.journal_delete, name="journal_delete"),
        path("disclosures/", views.disclosure_caseload, name="disclosure_caseload"),
        path("disclosures/<int:client_id>/", views.disclosure_client, name="disclosure_client"),
    ],
)
