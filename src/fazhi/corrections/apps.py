from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "fazhi.corrections"
    label = "corrections"
    verbose_name = "社区矫正与安置帮教"

    def ready(self) -> None:
        from fazhi.core.figures import ReportPart, register_chapter
        from fazhi.corrections import (
            resettlement_figures,
            resettlement_menus,
            resettlement_parameters,
            resettlement_todos,
        )

        register_chapter("corrections", "社区矫正与安置帮教", part=ReportPart.MEASURES, order=50)
        resettlement_parameters.register_resettlement_parameters()
        resettlement_figures.register_resettlement_figures()
        resettlement_todos.register_resettlement_todos()
        resettlement_menus.register_resettlement_menu()
