"""Staff pages of the case-explained-by-law episodes (以案释法专题)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_list
from fazhi.publicity import selectors, services
from fazhi.publicity.forms import EpisodeForm
from fazhi.publicity.permissions import (
    organizations_recording_publicity_for,
    require_publicity_desk,
)
from fazhi.publicity.tables import EpisodeFilterSet, EpisodeTable
from fazhi.publicity.views.pages import form_page, recording_units

TITLE = "以案释法专题"


@require_GET
@denials_as_403
def episode_list(request: HttpRequest) -> HttpResponse:
    require_publicity_desk(request.user)
    return render_list(
        request,
        queryset=selectors.episode_list(user=request.user),
        table_class=EpisodeTable,
        filterset_class=EpisodeFilterSet,
        title=TITLE,
        export_name=TITLE,
        template="publicity/episode_list.html",
        extra_context={"may_record": bool(organizations_recording_publicity_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def episode_create(request: HttpRequest) -> HttpResponse:
    form = EpisodeForm(request.POST or None, organizations=recording_units(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            episode = services.episode_record(
                acting_user=request.user,
                organization=data["organization"],
                title=data["title"],
                outlet=data["outlet"],
                published_on=data["published_on"],
                case_summary=data["case_summary"],
                link=data["link"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记以案释法专题“{episode.title}”")
            return redirect("publicity:episode-list")
    return form_page(
        request,
        form,
        title="登记以案释法专题",
        cancel_url=reverse("publicity:episode-list"),
        submit_label="登记",
    )
