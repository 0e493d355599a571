"""Pages of the legality pre-check (智能预审) and of its rules."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import (
    Action,
    add_service_errors,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.rules import selectors
from fazhi.rules.filters import PrecheckRuleFilterSet
from fazhi.rules.forms import PrecheckForm, PrecheckRuleForm
from fazhi.rules.models import PrecheckRule
from fazhi.rules.permissions import (
    access_precheck_rule_by_id,
    can_manage_precheck_rules,
    require_precheck,
    require_precheck_rule_management,
    require_precheck_rule_reading,
)
from fazhi.rules.precheck import ensure_text_length, extract_text, flags_by_paragraph
from fazhi.rules.services import precheck_rules
from fazhi.rules.tables import PrecheckRuleTable


def _draft_text(form: PrecheckForm) -> tuple[str, str]:
    """(text, source) from the upload if there is one, else from the pasted text."""
    uploaded = form.cleaned_data.get("file")
    if uploaded:
        text = extract_text(filename=uploaded.name, content=uploaded.read())
        source = uploaded.name
    else:
        text = form.cleaned_data["text"]
        source = "粘贴的文字"
    ensure_text_length(text)
    return text, source


@require_http_methods(["GET", "POST"])
@denials_as_403
def precheck(request: HttpRequest) -> HttpResponse:
    require_precheck(request.user)
    form = PrecheckForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            text, source = _draft_text(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flags = selectors.precheck_run(user=request.user, text=text)
            result = {
                "source": source,
                "paragraphs": flags_by_paragraph(flags),
                "flag_count": len(flags),
                "rule_count": len({flag.rule_code for flag in flags}),
            }
    context = {"form": form, "result": result, "title": "智能预审"}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "rules/precheck.html", context, status=status)


@require_GET
@denials_as_403
def precheck_rule_list(request: HttpRequest) -> HttpResponse:
    require_precheck_rule_reading(request.user)
    create_url = (
        reverse("rules:precheck-rule-create") if can_manage_precheck_rules(request.user) else None
    )
    return render_list(
        request,
        queryset=selectors.precheck_rule_list(user=request.user),
        table_class=PrecheckRuleTable,
        filterset_class=PrecheckRuleFilterSet,
        title="预审规则",
        export_name="预审规则",
        template="rules/precheck_rule_list.html",
        extra_context={"create_url": create_url},
    )


@require_GET
@denials_as_403
def precheck_rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access_precheck_rule_by_id(request.user, pk)
    actions = []
    if can_manage_precheck_rules(request.user):
        actions.append(
            Action(
                "修改",
                reverse("rules:precheck-rule-edit", args=[rule.pk]),
                icon="edit",
                style="secondary",
            )
        )
    return render_detail(
        request,
        obj=rule,
        title=f"{rule.code} {rule.name}",
        status="启用" if rule.enabled else "停用",
        fields=[
            ("规则编号", rule.code),
            ("规则名称", rule.name),
            ("类别", rule.get_category_display()),
            ("依据", rule.legal_basis),
            ("启用", rule.enabled),
            ("排序", rule.order),
            ("更新时间", timezone.localtime(rule.updated_at)),
        ],
        sections=[
            ("问题说明", [("说明", rule.explanation)]),
            ("匹配规则", [("匹配模式", rule.pattern), ("排除模式", rule.exclusion or None)]),
        ],
        actions=actions,
        back_url=reverse("rules:precheck-rule-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
    )


def _rule_form_page(
    request: HttpRequest, form: PrecheckRuleForm, title: str, rule: PrecheckRule | None
) -> HttpResponse:
    cancel_url = (
        reverse("rules:precheck-rule-detail", args=[rule.pk])
        if rule
        else reverse("rules:precheck-rule-list")
    )
    context: dict[str, Any] = {"form": form, "title": title, "cancel_url": cancel_url}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "rules/precheck_rule_form.html", context, status=status)


def _rule_values(form: PrecheckRuleForm) -> dict[str, Any]:
    values = {name: form.cleaned_data[name] for name in precheck_rules.EDITABLE_FIELDS}
    values["order"] = values["order"] or 0
    return values


@require_http_methods(["GET", "POST"])
@denials_as_403
def precheck_rule_create(request: HttpRequest) -> HttpResponse:
    require_precheck_rule_management(request.user)
    form = PrecheckRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = precheck_rules.precheck_rule_create(
                acting_user=request.user, **_rule_values(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"预审规则“{rule.code}”已添加")
            return redirect("rules:precheck-rule-detail", pk=rule.pk)
    return _rule_form_page(request, form, "新增预审规则", None)


@require_http_methods(["GET", "POST"])
@denials_as_403
def precheck_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_precheck_rule_management(request.user)
    rule = access_precheck_rule_by_id(request.user, pk)
    initial = {name: getattr(rule, name) for name in precheck_rules.EDITABLE_FIELDS}
    form = PrecheckRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            precheck_rules.precheck_rule_update(
                acting_user=request.user, rule_id=rule.pk, **_rule_values(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "预审规则已保存")
            return redirect("rules:precheck-rule-detail", pk=rule.pk)
    return _rule_form_page(request, form, f"修改预审规则：{rule.code}", rule)
