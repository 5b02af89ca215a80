from django.urls import path

from .views import core, meetings, people

app_name = "partnership"

urlpatterns = [
    path("", core.DashboardView.as_view(), name="dashboard"),
    path("my-work/", core.MyWorkView.as_view(), name="my_work"),
    path("organisations/", people.OrganisationListView.as_view(), name="organisations"),
    path("people/", people.PeopleListView.as_view(), name="people"),
    path("people/add/", people.PersonAddView.as_view(), name="person_add"),
    path("people/<int:pk>/edit/", people.MembershipEditView.as_view(), name="membership_edit"),
    path("people/<int:pk>/remove/", people.MembershipRemoveView.as_view(),
         name="membership_remove"),
    path("meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("meetings/add/", meetings.MeetingCreateView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", meetings.MinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/agenda/add/", meetings.AgendaItemAddView.as_view(),
         name="agenda_item_add"),
    path("meetings/<int:meeting_pk>/agenda/<int:pk>/edit/", meetings.AgendaItemEditView.as_view(),
         name="agenda_item_edit"),
    path("meetings/<int:meeting_pk>/agenda/<int:pk>/papers/add/",
         meetings.PaperUploadView.as_view(), name="paper_upload"),
    path("meetings/<int:pk>/actions/add/", meetings.MeetingActionAddView.as_view(),
         name="meeting_action_add"),
    path("actions/<int:pk>/status/", meetings.MeetingActionStatusView.as_view(),
         name="meeting_action_status"),
    path("papers/<int:pk>/", meetings.PaperDownloadView.as_view(), name="paper_download"),
    path("meetings/<int:pk>/board-pack/", meetings.BoardPackRequestView.as_view(),
         name="board_pack_request"),
    path("meetings/<int:pk>/board-pack/status/", meetings.BoardPackStatusView.as_view(),
         name="board_pack_status"),
    path("board-packs/<int:pk>/", meetings.BoardPackDownloadView.as_view(),
         name="board_pack_download"),
    path("board-packs/<int:pk>/restricted/", meetings.BoardPackRestrictedDownloadView.as_view(),
         name="board_pack_restricted_download"),
]
