# frozen_string_literal: true

Sidekiq.configure_server do |config|
  config.redis = { url: ENV.fetch("REDIS_URL", "redis://localhost:6379/2") }

  # On Heroku this tag came from DYNO ("worker.1"). Render doesn't set it, so
  # every service declares PROCESS_TYPE in its environment instead.
  config[:tag] = Tidewater::Instance.process_type

  config.on(:startup) do
    schedule_file = Rails.root.join("config/schedule.yml")
    Sidekiq::Cron::Job.load_from_hash!(YAML.load_file(schedule_file)) if File.exist?(schedule_file)
  end
end

Sidekiq.configure_client do |config|
  config.redis = { url: ENV.fetch("REDIS_URL", "redis://localhost:6379/2") }
end
