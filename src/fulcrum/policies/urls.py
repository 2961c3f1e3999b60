from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.policies import consent_views, enforcement_views, views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.policy_list, name="policy_list"),
        path("start/", views.policy_start, name="policy_start"),
        path("<int:policy_id>/draft/", views.policy_draft, name="policy_draft"),
        path("<int:policy_id>/publish/", views.policy_publish, name="policy_publish"),
        path(
            "<int:policy_id>/versions/<int:policy_version_id>/",
            views.policy_version,
            name="policy_version",
        ),
        path(
            "<int:policy_id>/versions/<int:policy_version_id>/diff/",
            views.policy_diff,
            name="policy_diff",
        ),
        path("clients/<int:client_id>/", consent_views.consent_client, name="consent_client"),
        path(
            "clients/<int:client_id>/receipt.pdf",
            consent_views.consent_client_receipt,
            name="consent_client_receipt",
        ),
        path(
            "clients/<int:client_id>/ask/",
            consent_views.consent_link_create,
            name="consent_link_create",
        ),
        path(
            "clients/<int:client_id>/verbal/", consent_views.consent_verbal, name="consent_verbal"
        ),
        path(
            "clients/<int:client_id>/enforcement/",
            enforcement_views.enforcement_client,
            name="enforcement_client",
        ),
        path(
            "clients/<int:client_id>/sessions/<int:checkin_id>/bodywork/",
            enforcement_views.bodywork_session,
            name="bodywork_session",
        ),
        path("links/<int:consent_link_id>/", consent_views.consent_link, name="consent_link"),
        path(
            "links/<int:consent_link_id>/withdraw/",
            consent_views.consent_link_withdraw,
            name="consent_link_withdraw",
        ),
    ],
)
