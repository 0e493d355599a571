from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "fazhi.contracts"
    label = "contracts"
    verbose_name = "合同管理"
