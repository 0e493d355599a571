"""Staff pages of the responsibility lists (普法责任清单): issued lists, tasks and completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.publicity import selectors, services
from fazhi.publicity.forms import ResponsibilityListForm, TaskForm, TaskFormSet
from fazhi.publicity.models import ResponsibilityList
from fazhi.publicity.permissions import (
    access_responsibility_list_by_id,
    may_record_publicity_for,
    organizations_recording_publicity_for,
    require_publicity_desk,
    require_publicity_for,
)
from fazhi.publicity.tables import ResponsibilityListFilterSet, ResponsibilityListTable
from fazhi.publicity.views.pages import form_page, recording_units

TITLE = "普法责任清单"
TASK_PREFIX = "task"


@require_GET
@denials_as_403
def list_list(request: HttpRequest) -> HttpResponse:
    require_publicity_desk(request.user)
    return render_list(
        request,
        queryset=selectors.responsibility_list_list(user=request.user),
        table_class=ResponsibilityListTable,
        filterset_class=ResponsibilityListFilterSet,
        title=TITLE,
        export_name=TITLE,
        template="publicity/list_list.html",
        extra_context={"may_record": bool(organizations_recording_publicity_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def list_create(request: HttpRequest) -> HttpResponse:
    organizations = recording_units(request)
    form = ResponsibilityListForm(
        request.POST or None,
        organizations=organizations,
        initial={"year": timezone.localdate().year},
    )
    tasks = TaskFormSet(request.POST or None, prefix="tasks")
    if request.method == "POST" and form.is_valid() and tasks.is_valid():
        data = form.cleaned_data
        try:
            responsibility_list = services.responsibility_list_issue(
                acting_user=request.user,
                organization=data["organization"],
                year=data["year"],
                title=data["title"],
                issued_on=data["issued_on"],
                tasks=tasks.task_rows(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(tasks.task_rows())
            messages.success(request, f"已印发“{responsibility_list.title}”，共{count}项任务")
            return redirect("publicity:list-detail", pk=responsibility_list.pk)
    return form_page(
        request,
        form,
        title="印发普法责任清单",
        cancel_url=reverse("publicity:list-list"),
        submit_label="印发",
        template="publicity/list_form.html",
        extra_context={"tasks": tasks},
    )


def _list_page(
    request: HttpRequest, responsibility_list: ResponsibilityList, *, task_form: TaskForm | None
) -> HttpResponse:
    tasks = selectors.task_progress_of_list(responsibility_list=responsibility_list)
    progress = [(task.planned_count, held) for task, held in tasks]
    rows = [
        {
            "task": task,
            "held": held,
            "counted": min(held, task.planned_count),
            "completion": selectors.list_completion_percent([(task.planned_count, held)]),
        }
        for task, held in tasks
    ]
    if task_form is None and may_record_publicity_for(
        request.user, responsibility_list.organization
    ):
        task_form = TaskForm(prefix=TASK_PREFIX)
    completion = selectors.list_completion_percent(progress)
    response = render_detail(
        request,
        obj=responsibility_list,
        title=responsibility_list.title,
        pretitle=TITLE,
        fields=[
            ("年度", f"{responsibility_list.year}年"),
            ("责任单位", responsibility_list.organization.name),
            ("印发日期", responsibility_list.issued_on),
            ("任务数", len(tasks)),
            ("计划场次", sum(planned for planned, _held in progress)),
            ("已开展场次", sum(held for _planned, held in progress)),
            ("完成率", f"{completion}%" if completion is not None else None),
        ],
        back_url=reverse("publicity:list-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="publicity/list_detail.html",
        extra_context={"rows": rows, "task_form": task_form, "completion": completion},
    )
    if task_form is not None and task_form.is_bound:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    responsibility_list = access_responsibility_list_by_id(request.user, pk)
    return _list_page(request, responsibility_list, task_form=None)


@require_POST
@denials_as_403
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a task to an issued list (the list is supplemented during the year)."""
    responsibility_list = access_responsibility_list_by_id(request.user, pk)
    require_publicity_for(request.user, responsibility_list.organization, responsibility_list)
    form = TaskForm(request.POST, prefix=TASK_PREFIX)
    if form.is_valid():
        try:
            task = services.responsibility_task_add(
                acting_user=request.user,
                responsibility_list_id=responsibility_list.pk,
                task=form.task_row(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已增补第{task.number}项任务“{task.content}”")
            return redirect("publicity:list-detail", pk=responsibility_list.pk)
    return _list_page(request, responsibility_list, task_form=form)
