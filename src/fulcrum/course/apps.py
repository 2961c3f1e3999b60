from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "fulcrum.course"
    label = "course"
    verbose_name = "Course"

    def ready(self) -> None:
        # The library may pin vignettes into the modules of the course the site serves
        # (an adapted, published version), which only this app knows.
        from fulcrum.course.services import current_course
        from fulcrum.vignettes.modules import offer

        offer(current_course)
