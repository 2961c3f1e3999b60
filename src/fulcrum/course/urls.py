from django.urls import path

from fulcrum.course import cohort_views, guide_views, publish_views, views

urlpatterns = [
    path("", views.course_index, name="course_index"),
    path("evaluation/", views.course_evaluation, name="course_evaluation"),
    path("certificate/", views.course_certificate, name="course_certificate"),
    path(
        "certificate/<int:certificate_id>/",
        views.course_certificate_detail,
        name="course_certificate_detail",
    ),
    path(
        "certificate/<int:certificate_id>/pdf/",
        views.course_certificate_pdf,
        name="course_certificate_pdf",
    ),
    # Before the module slug below, which would otherwise take "verify" for a module.
    path("verify/", views.course_verify_ask, name="course_verify_ask"),
    path("verify/<str:code>/", views.course_verify, name="course_verify"),
    path("teach/course/", publish_views.teach_course, name="teach_course"),
    path(
        "teach/course/fulcrum-course.zip",
        publish_views.teach_course_zip,
        name="teach_course_zip",
    ),
    path("teach/cohorts/", cohort_views.teach_cohorts, name="teach_cohorts"),
    path("teach/cohorts/<int:cohort_id>/", cohort_views.teach_cohort, name="teach_cohort"),
    path(
        "invitations/<int:enrolment_id>/",
        cohort_views.course_invitation,
        name="course_invitation",
    ),
    path("<slug:module_id>/", views.course_module, name="course_module"),
    path("<slug:module_id>/quiz/", views.course_quiz, name="course_quiz"),
    path("<slug:module_id>/guide/", guide_views.course_guide, name="course_guide"),
    path(
        "<slug:module_id>/activities/<slug:activity_id>/",
        views.course_activity,
        name="course_activity",
    ),
]
