app_name = "municipalities"

urlpatterns: list = []
