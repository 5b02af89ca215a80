from django.urls import path

from .views import casework, log, publication, recommendations, reviews

app_name = "reviews"

urlpatterns = [
    path("", reviews.ReviewListView.as_view(), name="list"),
    path("notify/", reviews.ReviewNotifyView.as_view(), name="notify"),
    path("<int:review_pk>/", reviews.ReviewDetailView.as_view(), name="review"),
    path("<int:review_pk>/move/", reviews.ReviewMoveView.as_view(), name="move"),
    path("<int:review_pk>/decision/", reviews.ReviewDecideView.as_view(), name="decide"),
    path("<int:review_pk>/pause/", reviews.ReviewPauseView.as_view(), name="pause"),
    path("<int:review_pk>/resume/", reviews.ReviewResumeView.as_view(), name="resume"),
    path("<int:review_pk>/panel/add/", casework.PanelMemberAddView.as_view(), name="panel_add"),
    path("<int:review_pk>/requests/add/", casework.RequestAddView.as_view(), name="request_add"),
    path("<int:review_pk>/requests/<int:pk>/received/", casework.RequestReceivedView.as_view(),
         name="request_received"),
    path("<int:review_pk>/access-log/", log.AccessLogView.as_view(), name="access_log"),
    path("recommendations/export/", recommendations.RecommendationExportView.as_view(),
         name="recommendations_export"),
    path("<int:review_pk>/recommendations/add/", recommendations.RecommendationAddView.as_view(),
         name="recommendation_add"),
    path("<int:review_pk>/recommendations/<int:pk>/outcome/",
         recommendations.RecommendationOutcomeView.as_view(), name="recommendation_outcome"),
    path("<int:review_pk>/never-publish/", publication.NeverPublishView.as_view(),
         name="never_publish"),
    path("<int:review_pk>/never-publish/<int:pk>/remove/",
         publication.NeverPublishRemoveView.as_view(), name="never_publish_remove"),
    path("<int:review_pk>/publish/", publication.PublishView.as_view(), name="publish"),
]
