from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.vignettes import views

# Mounted at the site's root: /contribute/…, /teach/…, /library/…
urlpatterns = [
    path("contribute/", views.contribute, name="contribute"),
    path("contribute/status/", views.contribute_status, name="contribute_status"),
    path("teach/", views.teach_home, name="teach_home"),
    path("teach/queue/", views.teach_queue, name="teach_queue"),
    path("teach/queue/<int:vignette_id>/", views.teach_vignette, name="teach_vignette"),
    path("library/", views.library, name="library"),
    path("library/<int:published_id>/", views.library_vignette, name="library_vignette"),
]
# Offering a journal entry is a practitioner's (the entry is theirs): 404 without the role.
urlpatterns += pages_for(
    Role.PRACTITIONER,
    [
        path("contribute/offer/<int:entry_id>/", views.contribute_offer, name="contribute_offer"),
    ],
)
