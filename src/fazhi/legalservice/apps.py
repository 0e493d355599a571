from django.apps import AppConfig


class LegalServiceConfig(AppConfig):
    name = "fazhi.legalservice"
    label = "legalservice"
    verbose_name = "公共法律服务"

    def ready(self) -> None:
        from fazhi.legalservice import aid_todos, figures, menus, parameters

        parameters.register_legalservice_parameters()
        figures.register_legalservice_figures()
        menus.register_legalservice_menu()
        aid_todos.register_legal_aid_todos()
