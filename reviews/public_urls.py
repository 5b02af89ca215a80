"""Public pages (no sign-in): published reviews only."""

from django.urls import path

from .views import public

app_name = "reviews_public"

urlpatterns = [
    path("", public.PublishedListView.as_view(), name="list"),
    path("<int:year>-<int:number>/", public.PublishedReviewView.as_view(), name="review"),
    path("<int:year>-<int:number>/documents/<int:pk>/", public.PublishedDocumentView.as_view(),
         name="document"),
]
