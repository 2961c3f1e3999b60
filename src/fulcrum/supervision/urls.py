from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.supervision import relationship_views as rel
from fulcrum.supervision import views

# The supervisee's own pages are a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.supervision_builder, name="supervision_builder"),
        path("report/", views.supervision_report, name="supervision_report"),
        path("report.pdf", views.supervision_pdf, name="supervision_pdf"),
        # The supervisee's side: links, shares, replies.
        path("links/", rel.supervision_links, name="supervision_links"),
        path(
            "hours/<int:hours_id>/feedback/",
            rel.supervision_feedback,
            name="supervision_feedback",
        ),
        path("shares/new/", rel.supervision_share_create, name="supervision_share_create"),
        path("shares/<int:share_id>/", rel.supervision_share, name="supervision_share"),
        path(
            "shares/<int:share_id>/withdraw/",
            rel.supervision_share_revoke,
            name="supervision_share_revoke",
        ),
        path(
            "shares/<int:share_id>/reply/",
            rel.supervision_share_reply,
            name="supervision_share_reply",
        ),
    ],
)
urlpatterns += [
    # Either side of a link (supervision.access asks which role each side needs).
    path("links/<int:supervision_id>/", rel.supervision_link, name="supervision_link"),
    path("links/<int:supervision_id>/end/", rel.supervision_link_end, name="supervision_link_end"),
    path("links/<int:supervision_id>/hours/", rel.supervision_hours, name="supervision_hours"),
    path(
        "links/<int:supervision_id>/hours.csv",
        rel.supervision_hours_csv,
        name="supervision_hours_csv",
    ),
    path(
        "links/<int:supervision_id>/hours.pdf",
        rel.supervision_hours_pdf,
        name="supervision_hours_pdf",
    ),
    path(
        "comments/<int:comment_id>/amend/",
        rel.supervision_comment_amend,
        name="supervision_comment_amend",
    ),
    # The supervisor's side.
    path("supervising/", rel.supervisor_home, name="supervisor_home"),
    path("supervising/accept/", rel.supervision_accept, name="supervision_accept"),
    path("supervising/shares/<int:share_id>/", rel.supervisor_share, name="supervisor_share"),
    path(
        "supervising/shares/<int:share_id>/comment/",
        rel.supervisor_comment,
        name="supervisor_comment",
    ),
    path(
        "supervising/hours/<int:hours_id>/decide/",
        rel.supervisor_hours_decide,
        name="supervisor_hours_decide",
    ),
    path(
        "supervising/shares/<int:share_id>/review/",
        rel.supervisor_review,
        name="supervisor_review",
    ),
]
