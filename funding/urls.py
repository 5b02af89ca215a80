from django.urls import path

from .views import awards, returns

app_name = "funding"

urlpatterns = [
    path("", awards.AwardListView.as_view(), name="awards"),
    path("awards/add/", awards.AwardCreateView.as_view(), name="award_add"),
    path("awards/<int:award_pk>/", awards.AwardDetailView.as_view(), name="award"),
    path("awards/<int:award_pk>/status/", awards.AwardStatusView.as_view(), name="award_status"),
    path("awards/<int:award_pk>/letter/", awards.AwardLetterView.as_view(), name="award_letter"),
    path("awards/<int:award_pk>/lines/add/", awards.BudgetLineAddView.as_view(), name="line_add"),
    path("awards/<int:award_pk>/lines/<int:pk>/edit/", awards.BudgetLineEditView.as_view(),
         name="line_edit"),
    path("awards/<int:award_pk>/spend/", awards.SpendListView.as_view(), name="spend_list"),
    path("awards/<int:award_pk>/spend/add/", awards.SpendAddView.as_view(), name="spend_add"),
    path("awards/<int:award_pk>/virements/add/", awards.VirementRequestView.as_view(),
         name="virement_add"),
    path("awards/<int:award_pk>/virements/<int:pk>/decide/", awards.VirementDecideView.as_view(),
         name="virement_decide"),
    path("awards/<int:award_pk>/returns/start/", returns.ReturnStartView.as_view(),
         name="return_start"),
    path("returns/<int:return_pk>/", returns.ReturnDetailView.as_view(), name="return"),
    path("returns/<int:return_pk>/edit/", returns.ReturnEditView.as_view(), name="return_edit"),
    path("returns/<int:return_pk>/submit/", returns.ReturnSubmitView.as_view(), name="return_submit"),
    path("returns/<int:return_pk>/review/", returns.ReturnReviewView.as_view(), name="return_review"),
    path("returns/<int:return_pk>/revise/", returns.ReturnReviseView.as_view(), name="return_revise"),
    path("returns/<int:return_pk>/export/<str:what>.<str:fmt>", returns.ReturnExportView.as_view(),
         name="return_export"),
]
