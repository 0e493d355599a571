from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from fazhi.reports import menus, todos

        menus.register_reports_menu()
        todos.register_reports_todos()
