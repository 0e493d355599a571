from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "fazhi.corrections"
    label = "corrections"
    verbose_name = "社区矫正与安置帮教"

    def ready(self) -> None:
        from fazhi.corrections import (
            figures,
            menus,
            parameters,
            resettlement_figures,
            resettlement_menus,
            resettlement_parameters,
            resettlement_todos,
            todos,
        )

        parameters.register_corrections_parameters()
        figures.register_corrections_figures()
        menus.register_corrections_menu()
        todos.register_corrections_todos()
        resettlement_parameters.register_resettlement_parameters()
        resettlement_figures.register_resettlement_figures()
        resettlement_todos.register_resettlement_todos()
        resettlement_menus.register_resettlement_menu()
