from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = "涉企联合检查"

    def ready(self) -> None:
        from fazhi.inspections import figures, menus, parameters, todos

        parameters.register_inspections_parameters()
        figures.register_inspections_figures()
        menus.register_inspections_menu()
        todos.register_inspections_todos()
