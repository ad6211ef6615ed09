from django.urls import path

from xihu.apps.proposals.views import collection, offline, public, screening, summary

app_name = "proposals"
urlpatterns = [
    path("", public.propose_public, name="propose_public"),
    path("receipt/", public.receipt, name="receipt"),
    path("offline-sw.js", offline.offline_worker, name="offline_worker"),
    path("projects/<int:pk>/", public.project_detail, name="project"),
    path("projects/<int:pk>/undo/", screening.undo, name="undo"),
    path("exclusions/<int:pk>/review/", screening.review_decide, name="review_decide"),
    path("<slug:unit>/collect/", collection.collect, name="collect"),
    path("<slug:unit>/buildings/<str:building>/", collection.building, name="building"),
    path("<slug:unit>/households/<int:pk>/visit/", collection.visit, name="visit"),
    path("<slug:unit>/entry/", collection.entry, name="entry"),
    path("<slug:unit>/entry/visit-<int:visit>/", collection.entry, name="entry_visit"),
    path("<slug:unit>/offline/", offline.offline_page, name="offline"),
    path("<slug:unit>/offline/manifest.webmanifest", offline.offline_manifest, name="offline_manifest"),
    path("<slug:unit>/sync/", offline.sync, name="sync"),
    path("<slug:unit>/import/", collection.import_proposals, name="import"),
    path("<slug:unit>/register/", collection.register, name="register"),
    path("<slug:unit>/assign/", collection.assign, name="assign"),
    path("<slug:unit>/propose/", public.propose, name="propose"),
    path("<slug:unit>/screen/", screening.screen, name="screen"),
    path("<slug:unit>/proposals/<int:pk>/exclude/", screening.exclude, name="exclude"),
    path("<slug:unit>/merge/", screening.merge, name="merge"),
    path("<slug:unit>/review/", screening.review, name="review"),
    path("<slug:unit>/summary/", summary.summary, name="summary"),
    path("<slug:unit>/summary/plan/", summary.plan, name="plan"),
    path("<slug:unit>/summary/report/", summary.report, name="report"),
    path("<slug:unit>/summary.xlsx", summary.summary_xlsx, name="summary_xlsx"),
    path("<slug:unit>/summary.pdf", summary.summary_pdf, name="summary_pdf"),
    path("<slug:unit>/figures/", public.figures, name="figures"),
]
