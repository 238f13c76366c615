class AnalyticsRouter:
    """Send the reporting models to the read-only analytics replica."""

    app_label = "reports"

    def db_for_read(self, model, **hints):
        return "analytics" if model._meta.app_label == self.app_label else None

    def db_for_write(self, model, **hints):
        return None
