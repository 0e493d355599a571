from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "fazhi.contracts"
    label = "contracts"
    verbose_name = "合同管理"

    def ready(self) -> None:
        from django.urls import reverse

        from fazhi.contracts import figures, menus, todos
        from fazhi.contracts.models import Contract
        from fazhi.contracts.parameters import LEGALITY_REVIEW_DAYS, register_contracts_parameters
        from fazhi.legality.models import SubjectKind
        from fazhi.legality.subjects import Material, ReviewSubject, register_review_subject

        register_contracts_parameters()
        register_review_subject(
            ReviewSubject(
                kind=SubjectKind.CONTRACT,
                model=Contract,
                materials=(
                    Material("draft", "合同草案文本"),
                    Material("counterparty_qualification", "相对方主体资格及资质证明(信用代码)"),
                    Material("approval", "批准/决策文件"),
                    Material("credit_investigation", "资信调查材料", required=False),
                    Material("other", "其他材料", required=False),
                ),
                detail_url=lambda contract: reverse(
                    "contracts:contract-detail", args=[contract.pk]
                ),
                max_days_parameter=LEGALITY_REVIEW_DAYS,
            )
        )
        figures.register_contracts_figures()
        todos.register_contracts_todos()
        menus.register_contracts_menu()
