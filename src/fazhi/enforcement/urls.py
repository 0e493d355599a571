"""Staff pages of the enforcement officer register; mounted at /enforcement/."""

from django.urls import path

from fazhi.enforcement import exam_importing_views, importing_views
from fazhi.enforcement.views import certificates, officers, reviews, supervision, training
from fazhi.enforcement.views import exams as exam_views

app_name = "enforcement"

urlpatterns = [
    path("officers/", officers.officer_list, name="officer-list"),
    path("officers/new/", officers.officer_create, name="officer-create"),
    path("officers/import/", importing_views.officer_import, name="officer-import"),
    path(
        "officers/import-template.xlsx",
        importing_views.officer_import_template,
        name="officer-import-template",
    ),
    path("officers/<int:pk>/", officers.officer_detail, name="officer-detail"),
    # The certificate actions on the officer card, on the officer's latest certificate.
    path("officers/<int:pk>/apply/", certificates.certificate_apply, name="certificate-apply"),
    path("officers/<int:pk>/issue/", certificates.certificate_issue, name="certificate-issue"),
    path("officers/<int:pk>/review/", certificates.certificate_review, name="certificate-review"),
    path(
        "officers/<int:pk>/suspend/", certificates.certificate_suspend, name="certificate-suspend"
    ),
    path(
        "officers/<int:pk>/reinstate/",
        certificates.certificate_reinstate,
        name="certificate-reinstate",
    ),
    path("officers/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate-revoke"),
    # Training and study (培训与学法).
    path("training/courses/", training.training_course_list, name="training-course-list"),
    path("training/courses/new/", training.training_course_create, name="training-course-create"),
    path(
        "training/courses/<int:pk>/",
        training.training_course_detail,
        name="training-course-detail",
    ),
    path(
        "training/courses/<int:pk>/import/",
        importing_views.training_attendance_import,
        name="training-attendance-import",
    ),
    path(
        "training/attendance-import-template.xlsx",
        importing_views.training_attendance_import_template,
        name="training-attendance-import-template",
    ),
    path("training/hours/", training.officer_training_hours, name="training-hours"),
    path("study-lists/", training.study_list_list, name="study-list-list"),
    path("study-lists/new/", training.study_list_create, name="study-list-create"),
    path("study-lists/<int:pk>/", training.study_list_detail, name="study-list-detail"),
    path(
        "study-lists/<int:pk>/assign/",
        training.study_assignments_give,
        name="study-assignments-give",
    ),
    path(
        "study-assignments/<int:pk>/complete/",
        training.study_assignment_complete,
        name="study-assignment-complete",
    ),
    path("study-events/", training.study_event_list, name="study-event-list"),
    path("study-events/new/", training.study_event_create, name="study-event-create"),
    # Case-file review (案卷评查) and rectification.
    path("reviews/rubrics/", reviews.rubric_list, name="rubric-list"),
    path("reviews/rubrics/<int:pk>/", reviews.rubric_detail, name="rubric-detail"),
    path("reviews/case-files/", reviews.case_file_list, name="case-file-list"),
    path("reviews/case-files/new/", reviews.case_file_create, name="case-file-create"),
    path("reviews/case-files/import/", importing_views.case_file_import, name="case-file-import"),
    path(
        "reviews/case-files/import-template.xlsx",
        importing_views.case_file_import_template,
        name="case-file-import-template",
    ),
    path("reviews/batches/", reviews.batch_list, name="batch-list"),
    path("reviews/batches/new/", reviews.batch_create, name="batch-create"),
    path("reviews/batches/<int:pk>/", reviews.batch_detail, name="batch-detail"),
    path("reviews/batches/<int:pk>/announce/", reviews.batch_announce, name="batch-announce"),
    path("reviews/batches/<int:pk>/draw/", reviews.batch_draw, name="batch-draw"),
    path("reviews/batches/<int:pk>/reviewers/", reviews.batch_reviewers, name="batch-reviewers"),
    path("reviews/batches/<int:pk>/conclude/", reviews.batch_conclude, name="batch-conclude"),
    path("reviews/batches/<int:pk>/board/", reviews.batch_board, name="batch-board"),
    path("reviews/sheets/<int:pk>/", reviews.score_sheet, name="score-sheet"),
    path("reviews/rectifications/", reviews.rectification_list, name="rectification-list"),
    path(
        "reviews/rectifications/<int:pk>/",
        reviews.rectification_detail,
        name="rectification-detail",
    ),
    path(
        "reviews/rectifications/<int:pk>/respond/",
        reviews.rectification_respond,
        name="rectification-respond",
    ),
    path(
        "reviews/rectifications/<int:pk>/recheck/",
        reviews.rectification_recheck,
        name="rectification-recheck",
    ),
    # Enforcement supervision (执法监督)
    path(
        "supervisors/",
        supervision.invited_supervisor_list,
        name="invited-supervisor-list",
    ),
    path(
        "supervisors/new/",
        supervision.invited_supervisor_create,
        name="invited-supervisor-create",
    ),
    path(
        "supervisors/import/",
        supervision.invited_supervisor_import,
        name="invited-supervisor-import",
    ),
    path("contact-points/", supervision.contact_point_list, name="contact-point-list"),
    path("contact-points/new/", supervision.contact_point_create, name="contact-point-create"),
    path("supervision/visits/", supervision.supervision_visit_list, name="supervision-visit-list"),
    path(
        "supervision/visits/new/",
        supervision.supervision_visit_create,
        name="supervision-visit-create",
    ),
    path(
        "supervision/visits/<int:pk>/",
        supervision.supervision_visit_detail,
        name="supervision-visit-detail",
    ),
    path(
        "supervision/visits/<int:pk>/opinion/",
        supervision.supervision_opinion_issue,
        name="supervision-opinion-issue",
    ),
    path(
        "supervision/opinions/",
        supervision.supervision_opinion_list,
        name="supervision-opinion-list",
    ),
    path(
        "supervision/opinions/<int:pk>/",
        supervision.supervision_opinion_detail,
        name="supervision-opinion-detail",
    ),
    path(
        "supervision/opinions/<int:pk>/<slug:action>/",
        supervision.supervision_opinion_action,
        name="supervision-opinion-action",
    ),
]

# The online exam (线上考试): the bureau's exams and question bank, the candidate's papers.
urlpatterns += [
    path("exams/", exam_views.exam_list, name="exam-list"),
    path("exams/new/", exam_views.exam_create, name="exam-create"),
    path("exams/<int:pk>/", exam_views.exam_detail, name="exam-detail"),
    path("exams/<int:pk>/statistics/", exam_views.exam_statistics, name="exam-statistics"),
    path("exams/<int:pk>/start/", exam_views.paper_start, name="paper-start"),
    path("exams/papers/<int:pk>/", exam_views.paper_sit, name="paper-sit"),
    path("exams/papers/<int:pk>/answer/", exam_views.paper_answer, name="paper-answer"),
    path("exams/papers/<int:pk>/submit/", exam_views.paper_submit, name="paper-submit"),
    path("exams/papers/<int:pk>/result/", exam_views.paper_result, name="paper-result"),
    path("exams/questions/", exam_views.question_list, name="question-list"),
    path("exams/questions/new/", exam_views.question_create, name="question-create"),
    path("exams/questions/<int:pk>/edit/", exam_views.question_update, name="question-update"),
    path("exams/questions/<int:pk>/retire/", exam_views.question_retire, name="question-retire"),
    path("exams/questions/<int:pk>/restore/", exam_views.question_restore, name="question-restore"),
    path(
        "exams/questions/import/",
        exam_importing_views.question_import,
        name="question-import",
    ),
    path(
        "exams/questions/import-template.xlsx",
        exam_importing_views.question_import_template,
        name="question-import-template",
    ),
]
