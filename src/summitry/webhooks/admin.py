"""Back office for webhooks: the subscriptions and their delivery logs, read-mostly (staff
manage them in the console)."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin

from .models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "url", "active", "failures", "created_at"]
    list_filter = ["active", "summit"]
    fields = ["summit", "name", "url", "events", "owner", "language", "active", "paused_at"]
    readonly_fields = ["summit", "owner"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["uid", "event", "subscription", "state", "attempts", "last_status"]
    list_filter = ["state", "event"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
