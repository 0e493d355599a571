from django.apps import AppConfig
from django.conf import settings
from django.utils.module_loading import import_string


class ProofsConfig(AppConfig):
    name = "fazhi.proofs"
    label = "proofs"
    verbose_name = "证明事项告知承诺"

    def ready(self) -> None:
        from fazhi.proofs import figures, menus, parameters, todos

        parameters.register_proofs_parameters()
        figures.register_proofs_figures()
        menus.register_proofs_menu()
        todos.register_proofs_todos()
        # Each deployment names the functions that register its data sources (数据源接口).
        for path in settings.PROOFS_DATA_SOURCE_REGISTRARS:
            import_string(path)()
