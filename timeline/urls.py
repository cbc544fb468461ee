app_name = "timeline"
urlpatterns = []
