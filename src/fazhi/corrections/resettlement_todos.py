"""To-dos of resettlement and of remote visits.

Notices awaiting the handover on release, reports and first visits due, support periods ended;
remote visit applications waiting on the county.

Each item links to the record's card, where the step is taken.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.corrections.models import ReleasedPerson, RemoteVisit
from fazhi.corrections.selectors.resettlement import (
    released_person_list_awaiting_handover,
    released_person_list_awaiting_report,
    released_person_list_first_visit_due,
    released_person_list_support_ended,
    remote_visit_list_awaiting_action,
)

MODULE = "安置帮教"


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def _card(person: ReleasedPerson) -> str:
    return reverse("corrections:released-person-detail", args=[person.pk])


def resettlement_awaiting_action(user: Any) -> Iterable[TodoItem]:
    """Handovers due on the release day (必接必送 for key persons), reports, first visits, ends."""
    if not _holds(user, Capability.RECORD_RESETTLEMENT):
        return
    today = timezone.localdate()
    for person in released_person_list_awaiting_handover(user=user):
        escort = "，重点帮教对象必接必送" if person.is_key else ""
        late = "（已释放，尚未衔接）" if person.release_on < today else ""
        yield TodoItem(
            f"刑满释放人员待衔接{late}：{person.name}"
            f"（{person.release_on:%Y-%m-%d}释放，{person.prison}{escort}）",
            _card(person),
            MODULE,
            person.release_on,
        )
    for person in released_person_list_awaiting_report(user=user):
        yield TodoItem(
            f"刑满释放人员待报到：{person.name}", _card(person), MODULE, person.report_due_on
        )
    for person in released_person_list_first_visit_due(user=user):
        yield TodoItem(
            f"刑满释放人员待首次走访：{person.name}",
            _card(person),
            MODULE,
            person.first_visit_due_on,
        )
    for person in released_person_list_support_ended(user=user, on=today):
        yield TodoItem(
            f"帮教期满待解除：{person.name}", _card(person), MODULE, person.support_until
        )


_VISIT_STEPS = {
    RemoteVisit.Status.APPLIED: "待审核",
    RemoteVisit.Status.FORWARDED: "待监狱安排",
    RemoteVisit.Status.SCHEDULED: "待登记会见结果",
}


def remote_visits_awaiting_action(user: Any) -> Iterable[TodoItem]:
    """Remote visit applications waiting on the county body, oldest first."""
    if not _holds(user, Capability.ARRANGE_REMOTE_VISITS):
        return
    for visit in remote_visit_list_awaiting_action(user=user):
        due_on = (
            timezone.localdate(visit.scheduled_at)
            if visit.scheduled_at is not None
            else visit.applied_on
        )
        yield TodoItem(
            f"远程视频会见{_VISIT_STEPS[visit.status]}：{visit.applicant_name}会见"
            f"{visit.prisoner_name}（{visit.prison}）",
            reverse("corrections:remote-visit-detail", args=[visit.pk]),
            "远程视频会见",
            due_on,
        )


def register_resettlement_todos() -> None:
    register_todo_provider("corrections.resettlement_awaiting_action", resettlement_awaiting_action)
    register_todo_provider(
        "corrections.remote_visits_awaiting_action", remote_visits_awaiting_action
    )
