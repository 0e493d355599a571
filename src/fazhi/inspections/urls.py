"""Staff pages of joint enterprise inspections; mounted at /inspections/."""

from django.urls import path

from fazhi.inspections import importing_views
from fazhi.inspections.views import matters, planning, plans, targets

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
]
