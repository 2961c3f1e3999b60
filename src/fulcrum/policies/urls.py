from django.urls import path

from fulcrum.policies import views

urlpatterns = [
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
]
