"""The REST API read by the forum website and partner sites (Django REST framework)."""
