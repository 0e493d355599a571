"""Staff pages of the publicity ledger (普法); mounted at /publicity/."""

from django.urls import path

from fazhi.publicity import importing_views
from fazhi.publicity.views import activities, campaigns, episodes, lists

app_name = "publicity"

urlpatterns = [
    path("activities/", activities.activity_list, name="activity-list"),
    path("activities/new/", activities.activity_create, name="activity-create"),
    path("activities/import/", importing_views.activity_import, name="activity-import"),
    path(
        "activities/import-template.xlsx",
        importing_views.activity_import_template,
        name="activity-import-template",
    ),
    path("activities/<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("lists/", lists.list_list, name="list-list"),
    path("lists/new/", lists.list_create, name="list-create"),
    path("lists/<int:pk>/", lists.list_detail, name="list-detail"),
    path("lists/<int:pk>/tasks/", lists.task_add, name="task-add"),
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign-create"),
    path("episodes/", episodes.episode_list, name="episode-list"),
    path("episodes/new/", episodes.episode_create, name="episode-create"),
]
