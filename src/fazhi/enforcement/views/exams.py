"""Pages of the online exam: the bureau's exams and bank, the candidate's exam page and result.

The exam page saves every answer as it is given (htmx POST to `paper-answer`), so a reload or a
lost connection keeps what was answered: the page is drawn from the answers on the server.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403
from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id
from fazhi.enforcement import selectors
from fazhi.enforcement.forms import ExamForm, ExamRuleFormSet, QuestionForm
from fazhi.enforcement.models import Officer, Paper, Question
from fazhi.enforcement.permissions import (
    access_exam_by_id,
    access_paper_by_id,
    can_manage_exams,
    is_candidate_of,
    require_candidate_of,
    require_exam_manager,
    require_exams_desk,
)
from fazhi.enforcement.services import exams
from fazhi.enforcement.services.exams import (
    ExamTimeOver,
    QuestionRow,
    RuleRow,
    answer_from_letters,
)


@require_GET
@denials_as_403
def exam_list(request: HttpRequest) -> HttpResponse:
    require_exams_desk(request.user)
    return render(
        request,
        "enforcement/exams/exam_list.html",
        {
            "exams": selectors.exam_list(user=request.user),
            "may_manage": can_manage_exams(request.user),
        },
    )


def _departments() -> Any:
    return Organization.objects.filter(
        pk__in=Officer.objects.filter(active=True).values("organization")
    ).order_by("code")


@require_http_methods(["GET", "POST"])
@denials_as_403
def exam_create(request: HttpRequest) -> HttpResponse:
    require_exam_manager(request.user)
    form = ExamForm(request.POST or None, departments=_departments())
    rules = ExamRuleFormSet(request.POST or None, prefix="rules")
    if request.method == "POST" and form.is_valid() and rules.is_valid():
        data = form.cleaned_data
        rows = [
            RuleRow(
                category=rule["category"],
                difficulty=rule["difficulty"],
                count=rule["count"],
                points=rule["points"],
            )
            for rule in rules.cleaned_data
            if rule.get("category")
        ]
        candidates = Officer.objects.filter(
            organization__in=data["departments"], active=True
        ).values_list("pk", flat=True)
        try:
            exam = exams.exam_create(
                acting_user=request.user,
                title=data["title"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                time_limit_minutes=data["time_limit_minutes"],
                retakes_allowed=data["retakes_allowed"],
                rules=rows,
                candidate_ids=list(candidates),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已发布考试“{exam.title}”")
            return redirect("enforcement:exam-detail", pk=exam.pk)
    context = {"title": "新建考试", "form": form, "rules": rules}
    status = 400 if form.is_bound else 200
    return render(request, "enforcement/exams/exam_form.html", context, status=status)


@require_GET
@denials_as_403
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exam = access_exam_by_id(request.user, pk)
    officer = selectors.officer_of_user(request.user)
    own_papers = (
        list(selectors.exam_papers_of(exam=exam, officer=officer))
        if officer is not None and exam.candidates.filter(pk=officer.pk).exists()
        else None
    )
    papers = selectors.exam_papers(user=request.user, exam=exam)
    if officer is not None:
        papers = papers.exclude(candidate=officer)
    context = {
        "exam": exam,
        "rules": exam.rules.all(),
        "summary": selectors.exam_summary(exam=exam) if can_manage_exams(request.user) else None,
        "papers": papers,
        "own_papers": own_papers,
        "may_manage": can_manage_exams(request.user),
        "now": timezone.now(),
    }
    return render(request, "enforcement/exams/exam_detail.html", context)


@require_GET
@denials_as_403
def exam_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    exam = access_exam_by_id(request.user, pk)
    require_exam_manager(request.user, exam)
    context = {
        "exam": exam,
        "summary": selectors.exam_summary(exam=exam),
        "rows": selectors.exam_question_statistics(exam=exam),
    }
    return render(request, "enforcement/exams/exam_statistics.html", context)


@require_POST
@denials_as_403
def paper_start(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        paper = exams.paper_start(acting_user=request.user, exam_id=pk)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("enforcement:exam-detail", pk=pk)
    return redirect("enforcement:paper-sit", pk=paper.pk)


@require_GET
@denials_as_403
def paper_sit(request: HttpRequest, pk: int) -> HttpResponse:
    """The exam page, drawn from the answers saved on the server."""
    paper = access_paper_by_id(request.user, pk)
    require_candidate_of(request.user, paper)
    if paper.status != Paper.Status.IN_PROGRESS:
        return redirect("enforcement:paper-result", pk=paper.pk)
    questions = selectors.paper_questions(paper)
    context = {
        "paper": paper,
        "exam": paper.exam,
        "questions": questions,
        "answered": sum(1 for row in questions if row["answered"]),
        "seconds_left": max(0, int((paper.deadline_at - timezone.now()).total_seconds())),
    }
    return render(request, "enforcement/exams/paper_sit.html", context)


def _chosen(request: HttpRequest) -> list[int]:
    try:
        return [int(value) for value in request.POST.getlist("chosen") if value != ""]
    except ValueError:
        raise ValidationError({"chosen": "所选答案不正确"}) from None


@require_POST
@denials_as_403
def paper_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one answer (the exam page posts each change); answers with a short status text."""
    try:
        question_id = int(request.POST.get("question", ""))
        exams.paper_answers_save(
            acting_user=request.user,
            paper_id=pk,
            answers={question_id: _chosen(request)},
        )
    except ValueError:
        return HttpResponse("未指明试题", status=400)
    except (ValidationError, InvalidTransition) as error:
        text = error.message if isinstance(error, InvalidTransition) else "；".join(error.messages)
        return HttpResponse(text, status=409)
    return HttpResponse(f"已保存 {timezone.localtime():%H:%M:%S}")


@require_POST
@denials_as_403
def paper_submit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        paper = exams.paper_submit(acting_user=request.user, paper_id=pk)
    except ExamTimeOver as refusal:
        messages.error(request, refusal.message)
    except InvalidTransition as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"已交卷，得分{paper.score}分")
    return redirect("enforcement:paper-result", pk=pk)


@require_GET
@denials_as_403
def paper_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The score and the review of wrong answers, once the paper is handed in."""
    paper = access_paper_by_id(request.user, pk)
    if paper.status == Paper.Status.IN_PROGRESS:
        if is_candidate_of(request.user, paper):
            return redirect("enforcement:paper-sit", pk=paper.pk)
        questions: list[dict[str, Any]] = []
    else:
        questions = selectors.paper_questions(paper)
    context = {
        "paper": paper,
        "exam": paper.exam,
        "wrong": [row for row in questions if not row["is_correct"]],
        "right_count": sum(1 for row in questions if row["is_correct"]),
        "total": len(paper.question_ids),
    }
    return render(request, "enforcement/exams/paper_result.html", context)


QUESTION_STATUSES = [("", "全部"), ("active", "在用"), ("retired", "已停用")]


@require_GET
@denials_as_403
def question_list(request: HttpRequest) -> HttpResponse:
    require_exam_manager(request.user)
    questions = selectors.question_list(user=request.user)
    category = request.GET.get("category", "")
    if category:
        questions = questions.filter(category=category)
    status = request.GET.get("status", "")
    if status == "active":
        questions = questions.filter(retired_at__isnull=True)
    elif status == "retired":
        questions = questions.filter(retired_at__isnull=False)
    search = request.GET.get("q", "").strip()
    if search:
        questions = questions.filter(Q(stem__icontains=search) | Q(explanation__icontains=search))
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "category": category,
        "status": status,
        "q": search,
        "categories": Question.Category.choices,
        "statuses": QUESTION_STATUSES,
    }
    return render(request, "enforcement/exams/question_list.html", context)


def _back_to_bank(request: HttpRequest) -> str:
    """The question list the user came from (its filters and page), or the list itself."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("enforcement:question-list")


def _question_row(form: QuestionForm) -> QuestionRow:
    """The form's question as the services take it; ValidationError on the answer's letters."""
    data = form.cleaned_data
    if data["kind"] == Question.Kind.TRUE_FALSE:
        options: list[str] = []
        answer = [] if data["true_false_answer"] == "" else [data["true_false_answer"]]
    else:
        options = data["options"]
        try:
            answer = answer_from_letters(data["answer"])
        except ValidationError as error:
            raise ValidationError({"answer": error.messages}) from None
    return QuestionRow(
        category=data["category"],
        kind=data["kind"],
        difficulty=data["difficulty"],
        stem=data["stem"],
        options=options,
        answer=answer,
        explanation=data["explanation"],
    )


def _question_form_page(
    request: HttpRequest, form: QuestionForm, *, title: str, question: Question | None = None
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "question": question,
        "back_url": _back_to_bank(request),
        "true_false": Question.Kind.TRUE_FALSE.value,
    }
    status = 400 if form.is_bound else 200
    return render(request, "enforcement/exams/question_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@denials_as_403
def question_create(request: HttpRequest) -> HttpResponse:
    require_exam_manager(request.user)
    initial = {
        name: request.GET[name]
        for name in ("category", "kind", "difficulty")
        if name in request.GET
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exams.question_create(acting_user=request.user, row=_question_row(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已新增试题")
            if "another" in request.POST:
                # The next question most likely belongs with this one: keep where it goes.
                keep = {
                    name: data
                    for name in ("category", "kind", "difficulty")
                    if (data := request.POST.get(name))
                }
                query = urlencode({**keep, "next": _back_to_bank(request)})
                return redirect(f"{reverse('enforcement:question-create')}?{query}")
            return redirect(_back_to_bank(request))
    return _question_form_page(request, form, title="新增试题")


@require_http_methods(["GET", "POST"])
@denials_as_403
def question_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_exam_manager(request.user)
    question = access_by_id(selectors.question_list(user=request.user), request.user, pk)
    if question.retired_at is not None:
        messages.error(request, "已停用的试题不能修改，请先恢复")
        return redirect(_back_to_bank(request))
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            saved = exams.question_update(
                acting_user=request.user,
                question_id=question.pk,
                row=_question_row(form),
                seen_updated_at=parse_datetime(form.cleaned_data["seen_updated_at"] or ""),
            )
        except (ValidationError, InvalidTransition) as error:
            add_service_errors(form, error)
        else:
            if saved.pk == question.pk:
                messages.success(request, "已保存试题修改")
            else:
                messages.success(
                    request,
                    "该试题已被抽入考试试卷，为保证已考试卷不变，原题已停用并保留备查，"
                    "修改后的内容已保存为新试题",
                )
            return redirect(_back_to_bank(request))
    return _question_form_page(request, form, title="编辑试题", question=question)


@require_POST
@denials_as_403
def question_retire(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        exams.question_retire(acting_user=request.user, question_id=pk)
    except InvalidTransition as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "已停用试题，今后组卷不再抽取此题；已考试卷不受影响")
    return redirect(_back_to_bank(request))


@require_POST
@denials_as_403
def question_restore(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        restored = exams.question_restore(acting_user=request.user, question_id=pk)
    except InvalidTransition as refusal:
        messages.error(request, refusal.message)
    else:
        if restored.pk == pk:
            messages.success(request, "已恢复试题，今后组卷可以抽取此题")
        else:
            messages.success(
                request,
                "已恢复试题：停用期间已有试卷组卷，为保证这些试卷可按原题库复核，"
                "试题已恢复为一道新试题，原记录保留备查",
            )
    return redirect(_back_to_bank(request))
