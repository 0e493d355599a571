"""The public portal's legal-service pages (公共法律服务); mounted at /portal/legal/, no login.

Three things the public does here: find the stations serving their town or village, apply for
legal aid online one question at a time (法律援助法 art. 45 asks for convenient ways to apply),
and follow an application with its number and phone. The ID number is never written back into
a page; attempts that could be used to guess a resume code or an application number are
counted per client address and refused past a limit.
"""

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.crypto import mask_id_number, mask_phone
from fazhi.core.models import Region
from fazhi.core.requestcontext import client_ip_of
from fazhi.legalservice.models import LegalAidApplication, LegalAidDraft
from fazhi.legalservice.portal_forms import (
    EXEMPTION_CHOICES,
    GROUP_CHOICES,
    MATTER_HINTS,
    STEP_FORMS,
    ApplicantForm,
    ContactForm,
    EconomicForm,
    PortalForm,
    ResumeForm,
    StationFinderForm,
    TrackForm,
)
from fazhi.legalservice.portal_selectors import (
    legal_aid_get_by_number_and_phone,
    legal_aid_progress_steps,
    legal_aid_public_number,
    station_list_serving,
    village_list_named,
)
from fazhi.legalservice.portal_services import (
    DRAFT_DAYS,
    STEP_COUNT,
    economic_statement,
    legal_aid_draft_resume,
    legal_aid_draft_save_step,
    legal_aid_draft_start,
    legal_aid_draft_submit,
)

Aid = LegalAidApplication

DRAFT_SESSION_KEY = "legalservice_aid_draft"
SUBMITTED_SESSION_KEY = "legalservice_aid_submitted"

# (bucket, attempts, seconds): generous for a person, tight for a script.
DRAFT_LIMIT = ("draft", 20, 3600)
SUBMIT_LIMIT = ("submit", 5, 24 * 3600)
RESUME_LIMIT = ("resume", 10, 3600)
TRACK_LIMIT = ("track", 10, 3600)

STEPS = [
    {
        "title": "遇到的事情",
        "explanation": "法律援助是国家免费为经济困难的群众和其他符合法定条件的人提供的法律服务，"
        "包括法律咨询、代写法律文书、代理打官司和刑事辩护等。请选择最接近您情况的一项；"
        "拿不准的，选“其他”即可，工作人员会帮您判断。",
    },
    {
        "title": "优先群体",
        "explanation": "农民工讨薪、低保户维权等案件走法律援助“绿色通道”：当天受理、当天审批、"
        "当天指派律师。",
    },
    {
        "title": "申请人",
        "explanation": "请填写需要法律援助的人本人的信息；替家人申请的，填写家人的信息。"
        "身份证号只用于核对身份，页面上不会完整显示。",
    },
    {
        "title": "联系方式",
        "explanation": "工作人员会打这个电话联系您。填写后您会得到一个续填码："
        f"凭续填码和这个手机号，{DRAFT_DAYS}天内可以换一部手机或电脑接着填写。",
    },
    {
        "title": "经济状况",
        "explanation": "一般需要家庭经济困难才能获得法律援助。下面几类情形不用审查经济状况；"
        "说不清收入的，可以书面承诺经济困难，由法律援助中心核实。",
    },
    {
        "title": "情况说明",
        "explanation": "用几句话说清楚发生了什么、希望得到什么帮助，不需要专业用语。"
        "证据材料等工作人员联系您时再提供。",
    },
    {
        "title": "确认提交",
        "explanation": "请核对下面的内容，需要修改的点“修改”。提交后，法律援助中心一般在7日内"
        "作出是否给予法律援助的决定，并打电话告诉您。",
    },
]


def _limit_key(request: HttpRequest, bucket: str) -> str:
    return f"legalservice-portal:{bucket}:{client_ip_of(request) or 'unknown'}"


def _limited(request: HttpRequest, limit: tuple[str, int, int]) -> bool:
    bucket, attempts, _seconds = limit
    return int(cache.get(_limit_key(request, bucket), 0)) >= attempts


def _count(request: HttpRequest, limit: tuple[str, int, int]) -> None:
    bucket, _attempts, seconds = limit
    key = _limit_key(request, bucket)
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, seconds)


@require_GET
def portal_index(request: HttpRequest) -> HttpResponse:
    return render(request, "legalservice/portal/index.html")


# Station finder ----------------------------------------------------------------------------------


@require_GET
def station_finder(request: HttpRequest) -> HttpResponse:
    """The stations serving a town or village picked from the list, typed, or chosen by code."""
    form = StationFinderForm(request.GET or None)
    region: Region | None = None
    candidates: list[Region] = []
    searched = False
    code = request.GET.get("region", "").strip()
    if code.isdigit():
        region = Region.objects.filter(
            code=code.ljust(12, "0"), level__in=(Region.Level.TOWN, Region.Level.VILLAGE)
        ).first()
        searched = True
    elif form.is_bound and form.is_valid():
        searched = bool(form.cleaned_data["town"] or form.cleaned_data["village"].strip())
        if form.cleaned_data["town"] is not None:
            region = form.cleaned_data["town"]
        elif name := form.cleaned_data["village"].strip():
            candidates = list(village_list_named(name=name)[:30])
            if len(candidates) == 1:
                region, candidates = candidates[0], []
    serving = (
        station_list_serving(region=region, on=timezone.localdate()) if region is not None else None
    )
    context = {
        "form": form,
        "serving": serving,
        "candidates": candidates,
        "searched": searched,
    }
    return render(request, "legalservice/portal/station_finder.html", context)


# Online application ------------------------------------------------------------------------------


def _session_draft(request: HttpRequest) -> LegalAidDraft | None:
    draft_id = request.session.get(DRAFT_SESSION_KEY)
    draft = LegalAidDraft.objects.filter(pk=draft_id).first() if draft_id else None
    if draft is not None and (draft.is_expired or draft.is_submitted):
        draft = None
    if draft is None:
        request.session.pop(DRAFT_SESSION_KEY, None)
    return draft


@require_http_methods(["GET", "POST"])
def apply_start(request: HttpRequest) -> HttpResponse:
    """What legal aid is and what the application asks, with the way back into a draft."""
    draft = _session_draft(request)
    context = {"draft": draft, "steps": STEPS, "resume_form": ResumeForm()}
    return render(request, "legalservice/portal/apply_start.html", context)


def _form_kwargs(step: int, answers: dict[str, Any]) -> dict[str, Any]:
    form_class = STEP_FORMS[step - 1]
    if form_class is ApplicantForm:
        return {"kept_id_number": answers.get("id_number", "")}
    if form_class is ContactForm:
        return {"kept_phone": answers.get("phone", "")}
    if form_class is EconomicForm:
        return {"on": timezone.localdate()}
    return {}


def _initial(answers: dict[str, Any]) -> dict[str, Any]:
    initial = {key: value for key, value in answers.items() if key not in ("id_number", "phone")}
    if "town_id" in answers:
        initial["town"] = answers["town_id"]
    return initial


def _review(answers: dict[str, Any]) -> list[tuple[int, str, str]]:
    """The answers as (step, label, text) for the confirmation page; ID and phone masked."""
    group = dict(GROUP_CHOICES).get(answers.get("green_channel", ""), "以上都不是")
    place = answers.get("region_name", "")
    return [
        (1, "遇到的事情", Aid.Matter(answers["matter"]).label),
        (2, "优先群体", str(group)),
        (3, "申请人", answers["applicant_name"]),
        (3, "身份证号", mask_id_number(answers["id_number"])),
        (3, "居住地", place),
        (4, "手机号码", mask_phone(answers["phone"])),
        (5, "经济状况", economic_statement(answers)),
        (6, "情况说明", answers["description"]),
    ]


def _submit(request: HttpRequest, draft: LegalAidDraft, form: PortalForm) -> HttpResponse | None:
    if _limited(request, SUBMIT_LIMIT):
        form.add_error(None, "今天从您这里提交的申请过多，请明天再试，或拨打12348法律服务热线")
        return None
    try:
        application = legal_aid_draft_submit(draft_id=draft.pk)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    _count(request, SUBMIT_LIMIT)
    request.session.pop(DRAFT_SESSION_KEY, None)
    request.session[SUBMITTED_SESSION_KEY] = application.pk
    return redirect("legalservice-portal:apply-done")


def _save(
    request: HttpRequest, draft: LegalAidDraft | None, step: int, form: PortalForm
) -> HttpResponse | None:
    if draft is None:
        if _limited(request, DRAFT_LIMIT):
            form.add_error(None, "您这里开始的申请过多，请稍后再试，或拨打12348法律服务热线")
            return None
        _count(request, DRAFT_LIMIT)
        draft = legal_aid_draft_start()
        request.session[DRAFT_SESSION_KEY] = draft.pk
    try:
        legal_aid_draft_save_step(draft_id=draft.pk, step=step, answers=form.answers())  # type: ignore[attr-defined]
    except ValidationError as error:
        request.session.pop(DRAFT_SESSION_KEY, None)
        messages.error(request, error.messages[0])
        return redirect("legalservice-portal:apply-start")
    return redirect("legalservice-portal:apply-step", step=step + 1)


@require_http_methods(["GET", "POST"])
def apply_step(request: HttpRequest, step: int) -> HttpResponse:
    """One question of the application; saved on "下一步", reachable once the earlier ones are."""
    if not 1 <= step <= STEP_COUNT:
        raise Http404("没有这一步")
    draft = _session_draft(request)
    if draft is None and step > 1:
        messages.info(request, "请从第一步开始填写，或凭续填码继续填写")
        return redirect("legalservice-portal:apply-start")
    steps_done = draft.steps_done if draft is not None else 0
    if step > steps_done + 1:
        return redirect("legalservice-portal:apply-step", step=steps_done + 1)
    answers = draft.answers if draft is not None else {}
    form_class = STEP_FORMS[step - 1]
    kwargs = _form_kwargs(step, answers)
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            response = (
                _submit(request, draft, form)
                if step == STEP_COUNT and draft is not None
                else _save(request, draft, step, form)
            )
            if response is not None:
                return response
    else:
        form = form_class(initial=_initial(answers), **kwargs)
    context = {
        "draft": draft,
        "form": form,
        "step": step,
        "step_count": STEP_COUNT,
        "percent": round(step * 100 / STEP_COUNT),
        "about": STEPS[step - 1],
        "steps": STEPS,
        "matter_hints": {str(key): hint for key, hint in MATTER_HINTS.items()},
        "exemptions": EXEMPTION_CHOICES,
        "review": _review(answers) if step == STEP_COUNT else [],
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "legalservice/portal/apply_step.html", context, status=status)


@require_http_methods(["GET", "POST"])
def apply_resume(request: HttpRequest) -> HttpResponse:
    """Reopen a draft with its resume code and the phone given in it, on any device."""
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _limited(request, RESUME_LIMIT):
            form.add_error(None, "尝试次数过多，请一小时后再试")
        else:
            draft = legal_aid_draft_resume(
                code=form.cleaned_data["code"], phone=form.cleaned_data["phone"]
            )
            if draft is None:
                _count(request, RESUME_LIMIT)
                form.add_error(None, "续填码或手机号不正确，或申请草稿已过期、已提交")
            else:
                request.session[DRAFT_SESSION_KEY] = draft.pk
                messages.success(request, "已找到您的申请草稿，请接着填写")
                next_step = min(draft.steps_done + 1, STEP_COUNT)
                return redirect("legalservice-portal:apply-step", step=next_step)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "legalservice/portal/apply_resume.html", {"form": form}, status=status)


@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    application_id = request.session.get(SUBMITTED_SESSION_KEY)
    application = Aid.objects.filter(pk=application_id).first() if application_id else None
    if application is None:
        return redirect("legalservice-portal:apply-start")
    context = {
        "application": application,
        "number": legal_aid_public_number(application),
    }
    return render(request, "legalservice/portal/apply_done.html", context)


# Tracking ----------------------------------------------------------------------------------------


def _masked_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1)


def _next_step(application: Aid) -> tuple[str, Any]:
    """What the applicant waits for next, and by when (None when no date applies)."""
    status = application.status
    if status == Aid.Status.RECEIVED:
        return "法律援助中心作出是否给予法律援助的决定", application.decision_due_on
    if status == Aid.Status.AWAITING_MATERIALS:
        return f"请按通知补充材料：{application.materials_missing}", None
    if status == Aid.Status.ADVANCED:
        # 法律援助法 art. 44: the recipient completes the formalities and materials promptly.
        return (
            "法律援助中心已先行提供法律援助，请及时补办手续、补充材料，中心将作出是否给予法律援助的决定",
            application.decision_due_on,
        )
    if status == Aid.Status.GRANTED:
        return "指派律师或其他法律援助人员承办", application.assignment_due_on
    if status == Aid.Status.TERMINATED:
        return "对终止法律援助的决定有异议的，可以向司法行政部门提出（法律援助法第四十九条）", None
    if (
        status == Aid.Status.REFUSED
        and application.objection_due_on
        and not (application.objection_outcome)
    ):
        return "司法行政部门审查您提出的异议", application.objection_due_on
    if status == Aid.Status.REFUSED:
        return "对不予法律援助的决定有异议的，可以向司法行政部门提出（法律援助法第四十九条）", None
    return "", None


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Progress of an application for the pair (number, phone); one message for any wrong pair."""
    form = TrackForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        if _limited(request, TRACK_LIMIT):
            form.add_error(None, "查询次数过多，请一小时后再试")
        else:
            application = legal_aid_get_by_number_and_phone(
                number=form.cleaned_data["number"], phone=form.cleaned_data["phone"]
            )
            if application is None:
                _count(request, TRACK_LIMIT)
                form.add_error(None, "没有查到对应的申请，请核对申请号和手机号后重试")
    context: dict[str, Any] = {"form": form, "application": application}
    if application is not None:
        next_action, next_due_on = _next_step(application)
        context.update(
            {
                "number": legal_aid_public_number(application),
                "masked_name": _masked_name(application.applicant_name),
                "steps": legal_aid_progress_steps(application),
                "next_action": next_action,
                "next_due_on": next_due_on,
            }
        )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "legalservice/portal/track.html", context, status=status)
