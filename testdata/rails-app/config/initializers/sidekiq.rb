# frozen_string_literal: true

redis_config = {
  url: ENV.fetch("REDIS_URL", "redis://localhost:6379/1"),
  # Heroku Redis uses a self-signed certificate on the rediss:// endpoint.
  ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE }
}

Sidekiq.configure_server do |config|
  config.redis = redis_config

  # Show "worker.1" instead of a random container hostname in the Busy tab.
  dyno = ENV["DYNO"]
  config[:tag] = dyno if dyno

  config.on(:startup) do
    Rails.logger.info("sidekiq started on #{Ledgerly::Instance.name}")
  end
end

Sidekiq.configure_client do |config|
  config.redis = redis_config
end
