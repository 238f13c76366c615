# frozen_string_literal: true

Rails.application.configure do
  config.good_job.execution_mode = :external
  config.good_job.enable_cron = true
  # Fugit reads these in config.time_zone (UTC), so they do not move with the host's zone.
  config.good_job.cron = {
    weekly_digest: {
      cron: "0 7 * * 1",
      class: "WeeklyDigestJob",
      description: "Send the Monday digest to every subscriber",
    },
    bounce_sweep: {
      cron: "*/30 * * * *",
      class: "BounceSweepJob",
    },
  }
end
