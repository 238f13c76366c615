from django.db import models


class Survey(models.Model):
    site = models.CharField(max_length=120)
    diver = models.CharField(max_length=120)
    coral_cover_pct = models.DecimalField(max_digits=5, decimal_places=2)
    surveyed_at = models.DateTimeField()

    def as_json(self):
        return {
            "site": self.site,
            "diver": self.diver,
            "coral_cover_pct": float(self.coral_cover_pct),
            "surveyed_at": self.surveyed_at.isoformat(),
        }
