"""Staff pages of training and study (培训与学法): courses, yearly hours, study lists, events."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.models import Region
from fazhi.core.permissions import deny
from fazhi.enforcement import selectors
from fazhi.enforcement.forms import (
    StudyAssignmentCompleteForm,
    StudyAssignmentForm,
    StudyEventForm,
    StudyListForm,
    TrainingCourseForm,
)
from fazhi.enforcement.models import StudyAssignment, StudyList
from fazhi.enforcement.permissions import (
    access_study_assignment_by_id,
    access_study_list_by_id,
    access_training_course_by_id,
    can_keep_training,
    may_complete_study_assignment,
    organizations_keeping_training_for,
    require_training_desk,
    require_training_keeper,
)
from fazhi.enforcement.services import training
from fazhi.enforcement.tables import (
    OfficerTrainingFilterSet,
    OfficerTrainingHoursTable,
    StudyEventFilterSet,
    StudyEventTable,
    StudyListTable,
    TrainingCourseFilterSet,
    TrainingCourseTable,
)


def _keeper_region(request: HttpRequest) -> Region:
    """The region whose training the user keeps (the bureau's), or PermissionDenied."""
    require_training_keeper(request.user)
    return organizations_keeping_training_for(request.user)[0].region


def _form_page(
    request: HttpRequest, form: object, *, title: str, cancel_url: str, submit_label: str
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "enforcement/form_page.html", context, status=status)


# Courses and hours -------------------------------------------------------------------------


@require_GET
@denials_as_403
def training_course_list(request: HttpRequest) -> HttpResponse:
    require_training_desk(request.user)
    return render_list(
        request,
        queryset=selectors.training_course_list(user=request.user),
        table_class=TrainingCourseTable,
        filterset_class=TrainingCourseFilterSet,
        title="执法人员培训台账",
        export_name="执法人员培训台账",
        template="enforcement/training/course_list.html",
        extra_context={"may_keep": can_keep_training(request.user)},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def training_course_create(request: HttpRequest) -> HttpResponse:
    region = _keeper_region(request)
    form = TrainingCourseForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = training.training_course_create(
                acting_user=request.user,
                region=region,
                organizer=data["organizer"],
                title=data["title"],
                kind=data["kind"],
                hours=data["hours"],
                held_on=data["held_on"],
                online=data["online"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记培训课程“{course.title}”")
            return redirect("enforcement:training-course-detail", pk=course.pk)
    return _form_page(
        request,
        form,
        title="登记培训课程",
        cancel_url=reverse("enforcement:training-course-list"),
        submit_label="登记",
    )


@require_GET
@denials_as_403
def training_course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = access_training_course_by_id(request.user, pk)
    attendances = list(selectors.training_attendances_of(user=request.user, course=course))
    return render_detail(
        request,
        obj=course,
        title=course.title,
        pretitle="培训课程",
        fields=[
            ("培训类别", course.get_kind_display()),
            ("课程学时", course.hours),
            ("培训日期", course.held_on),
            ("主办单位", course.organizer.name),
            ("网上培训", course.online),
            ("参训人数", len(attendances)),
            ("认定学时合计", sum(a.hours for a in attendances)),
        ],
        back_url=reverse("enforcement:training-course-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="enforcement/training/course_detail.html",
        extra_context={
            "attendances": attendances,
            "may_keep": can_keep_training(request.user),
            "import_url": reverse("enforcement:training-attendance-import", args=[course.pk]),
        },
    )


@require_GET
@denials_as_403
def officer_training_hours(request: HttpRequest) -> HttpResponse:
    """Each visible officer's hours credited in the year (?year=, default this year)."""
    require_training_desk(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    required = selectors.training_hours_required(on=today.replace(year=year, month=12, day=31))
    table_class = type(
        "YearTrainingHoursTable", (OfficerTrainingHoursTable,), {"required": required}
    )
    return render_list(
        request,
        queryset=selectors.officers_training_hours(user=request.user, year=year),
        table_class=table_class,
        filterset_class=OfficerTrainingFilterSet,
        title=f"{year}年度执法人员培训学时",
        export_name=f"{year}年度执法人员培训学时",
        template="enforcement/training/hours_list.html",
        extra_context={"year": year, "required": required},
    )


# Study lists and assignments ---------------------------------------------------------------


@require_GET
@denials_as_403
def study_list_list(request: HttpRequest) -> HttpResponse:
    require_training_desk(request.user)
    return render_list(
        request,
        queryset=selectors.study_list_list(user=request.user),
        table_class=StudyListTable,
        title="学法责任清单",
        export_name="学法责任清单",
        template="enforcement/training/study_list_list.html",
        extra_context={"may_keep": can_keep_training(request.user)},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def study_list_create(request: HttpRequest) -> HttpResponse:
    region = _keeper_region(request)
    keeping = organizations_keeping_training_for(request.user)
    form = StudyListForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study_list = training.study_list_issue(
                acting_user=request.user,
                region=region,
                issuer=keeping[0],
                year=data["year"],
                title=data["title"],
                issued_on=data["issued_on"],
                content=data["content"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已印发“{study_list.title}”")
            return redirect("enforcement:study-list-detail", pk=study_list.pk)
    return _form_page(
        request,
        form,
        title="印发学法责任清单",
        cancel_url=reverse("enforcement:study-list-list"),
        submit_label="印发",
    )


def _study_list_page(
    request: HttpRequest,
    study_list: StudyList,
    *,
    assign_form: StudyAssignmentForm | None = None,
    bound: tuple[int, StudyAssignmentCompleteForm] | None = None,
) -> HttpResponse:
    assignments = list(selectors.study_assignments_of(user=request.user, study_list=study_list))
    rows = []
    for assignment in assignments:
        form = None
        if assignment.completed_on is None and may_complete_study_assignment(
            request.user, assignment
        ):
            form = (
                bound[1]
                if bound is not None and bound[0] == assignment.pk
                else StudyAssignmentCompleteForm(
                    prefix=f"a{assignment.pk}", initial={"completed_on": timezone.localdate()}
                )
            )
        rows.append({"assignment": assignment, "form": form})
    if assign_form is None and can_keep_training(request.user):
        assign_form = StudyAssignmentForm(region=study_list.region)
    completed = sum(1 for a in assignments if a.completed_on is not None)
    response = render_detail(
        request,
        obj=study_list,
        title=study_list.title,
        pretitle="学法责任清单",
        fields=[
            ("年度", study_list.year),
            ("印发单位", study_list.issuer.name),
            ("印发日期", study_list.issued_on),
            ("学法内容", study_list.content),
            ("学法作业", len(assignments)),
            ("已完成", completed),
        ],
        back_url=reverse("enforcement:study-list-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="enforcement/training/study_list_detail.html",
        extra_context={"rows": rows, "assign_form": assign_form},
    )
    if bound is not None or (assign_form is not None and assign_form.is_bound):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def study_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _study_list_page(request, access_study_list_by_id(request.user, pk))


@require_POST
@denials_as_403
def study_assignments_give(request: HttpRequest, pk: int) -> HttpResponse:
    study_list = access_study_list_by_id(request.user, pk)
    require_training_keeper(request.user, study_list)
    form = StudyAssignmentForm(request.POST, region=study_list.region)
    if form.is_valid():
        data = form.cleaned_data
        try:
            given = training.study_assignments_give(
                acting_user=request.user,
                study_list_id=study_list.pk,
                organizations=list(data["organizations"]),
                task=data["task"],
                due_on=data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已向{len(given)}个部门布置学法作业")
            return redirect("enforcement:study-list-detail", pk=study_list.pk)
    return _study_list_page(request, study_list, assign_form=form)


@require_POST
@denials_as_403
def study_assignment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment: StudyAssignment = access_study_assignment_by_id(request.user, pk)
    if not may_complete_study_assignment(request.user, assignment):
        raise deny(
            request.user,
            assignment,
            f"只有“{assignment.organization.name}”可以办结本部门的学法作业",
        )
    form = StudyAssignmentCompleteForm(request.POST, prefix=f"a{assignment.pk}")
    if form.is_valid():
        try:
            training.study_assignment_complete(
                acting_user=request.user,
                assignment_id=assignment.pk,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "学法作业已办结")
            return redirect("enforcement:study-list-detail", pk=assignment.study_list_id)
    return _study_list_page(request, assignment.study_list, bound=(assignment.pk, form))


# Case-study trainings and court-hearing observations ---------------------------------------


@require_GET
@denials_as_403
def study_event_list(request: HttpRequest) -> HttpResponse:
    require_training_desk(request.user)
    return render_list(
        request,
        queryset=selectors.study_event_list(user=request.user),
        table_class=StudyEventTable,
        filterset_class=StudyEventFilterSet,
        title="案例学习与旁听庭审",
        export_name="案例学习与旁听庭审",
        template="enforcement/training/event_list.html",
        extra_context={"may_keep": can_keep_training(request.user)},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def study_event_create(request: HttpRequest) -> HttpResponse:
    region = _keeper_region(request)
    form = StudyEventForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = training.study_event_record(
                acting_user=request.user,
                region=region,
                organizer=data["organizer"],
                kind=data["kind"],
                held_on=data["held_on"],
                topic=data["topic"],
                attendee_count=data["attendee_count"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记{event.get_kind_display()}“{event.topic}”")
            return redirect("enforcement:study-event-list")
    return _form_page(
        request,
        form,
        title="登记案例学习或旁听庭审",
        cancel_url=reverse("enforcement:study-event-list"),
        submit_label="登记",
    )
