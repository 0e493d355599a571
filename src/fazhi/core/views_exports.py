"""The "我的导出" page: a user's background exports with their progress, and their downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from fazhi.core.listing import denials_as_403
from fazhi.core.selectors import export_job_list
from fazhi.core.services.exports import export_job_download

# The page shows the latest jobs; older ones have long lost their files (retention parameter).
SHOWN_JOBS = 50


@require_GET
def export_job_list_view(request: HttpRequest) -> HttpResponse:
    """The user's exports; htmx reloads the table every few seconds while one is running."""
    jobs = list(export_job_list(user=request.user)[:SHOWN_JOBS])
    context = {"jobs": jobs, "any_active": any(job.is_active for job in jobs)}
    if request.headers.get("HX-Request"):
        return render(request, "core/_export_jobs.html", context)
    return render(request, "core/export_job_list.html", context)


@require_GET
@denials_as_403
def export_job_download_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        job = export_job_download(acting_user=request.user, job_id=pk)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("core:export-job-list")
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
    response["Cache-Control"] = "no-store"
    return response
