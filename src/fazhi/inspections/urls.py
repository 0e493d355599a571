"""Staff pages of joint enterprise inspections; mounted at /inspections/."""

from django.urls import path

from fazhi.inspections import importing_views
from fazhi.inspections.views import (
    boards,
    draws,
    execution,
    matters,
    planning,
    plans,
    targets,
)

app_name = "inspections"

urlpatterns = [
    # Departments' inspection-matters lists (检查事项清单).
    path("matters/", matters.matter_list, name="matter-list"),
    path("matters/new/", matters.matter_create, name="matter-create"),
    # Plans, their items, filing (备案) and disclosure (公示).
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_open, name="plan-open"),
    path(
        "plans/import-template.xlsx",
        importing_views.plan_import_template,
        name="plan-import-template",
    ),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/items/", plans.plan_items_add, name="plan-items-add"),
    path("plans/<int:pk>/import/", importing_views.plan_import, name="plan-import"),
    path("plans/<int:pk>/file/", plans.plan_file, name="plan-file"),
    path("plans/<int:pk>/disclose/", plans.plan_disclose, name="plan-disclose"),
    # The bureau's coordination: planner runs and the joint inspections.
    path("runs/", planning.run_list, name="run-list"),
    path("runs/new/", planning.run_propose, name="run-propose"),
    path("runs/<int:pk>/", planning.run_detail, name="run-detail"),
    path("runs/<int:pk>/confirm/", planning.run_confirm, name="run-confirm"),
    path("joint/<int:pk>/", planning.joint_detail, name="joint-detail"),
    path("joint/<int:pk>/move/", planning.joint_move, name="joint-move"),
    path("joint/<int:pk>/split/", planning.joint_split, name="joint-split"),
    # Carrying out a visit: arrival, each department's results, departure, disclosure.
    path("joint/<int:pk>/visit/", execution.joint_visit, name="joint-visit"),
    path("joint/<int:pk>/arrive/", execution.joint_arrive, name="joint-arrive"),
    path("joint/<int:pk>/leave/", execution.joint_leave, name="joint-leave"),
    path(
        "joint/<int:pk>/items/<int:item_pk>/result/",
        execution.result_record,
        name="result-record",
    ),
    path(
        "joint/<int:pk>/results/<int:result_pk>/evidence/",
        execution.result_evidence_add,
        name="result-evidence-add",
    ),
    path(
        "joint/<int:pk>/results/<int:result_pk>/disclose/",
        execution.result_disclose,
        name="result-disclose",
    ),
    path(
        "joint/<int:pk>/results/<int:result_pk>/rectified/",
        execution.rectification_confirm,
        name="result-rectified",
    ),
    # Boards: the departments' visits, the plan board, the enterprises' burden.
    path("tasks/", boards.task_list, name="task-list"),
    path("board/", boards.plan_board, name="plan-board"),
    path("burden/", boards.burden, name="burden"),
    # The double-random scheme: the register of targets (检查对象名录库) and the draws.
    path("targets/", targets.target_list, name="target-list"),
    path("targets/import/", importing_views.target_import, name="target-import"),
    path(
        "targets/import-template.xlsx",
        importing_views.target_import_template,
        name="target-import-template",
    ),
    path("target-draws/", targets.target_draw_list, name="target-draw-list"),
    path("target-draws/new/", targets.target_draw_announce, name="target-draw-announce"),
    path("target-draws/<int:pk>/", targets.target_draw_detail, name="target-draw-detail"),
    path("target-draws/<int:pk>/run/", targets.target_draw_run, name="target-draw-run"),
    # Inspectors drawn per department for a visit (随机选派检查人员).
    path("joint/<int:pk>/inspectors/", draws.joint_inspectors, name="joint-inspectors"),
    path(
        "joint/<int:pk>/inspectors/announce/",
        draws.inspector_draw_announce,
        name="inspector-draw-announce",
    ),
    path("inspector-draws/<int:pk>/run/", draws.inspector_draw_run, name="inspector-draw-run"),
    # The bureau's accompanying supervision (伴随式监督抽取).
    path("supervision-draws/", draws.supervision_draw_list, name="supervision-draw-list"),
    path(
        "supervision-draws/new/",
        draws.supervision_draw_announce,
        name="supervision-draw-announce",
    ),
    path(
        "supervision-draws/<int:pk>/",
        draws.supervision_draw_detail,
        name="supervision-draw-detail",
    ),
    path(
        "supervision-draws/<int:pk>/run/",
        draws.supervision_draw_run,
        name="supervision-draw-run",
    ),
]
