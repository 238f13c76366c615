Rails.application.configure do
  config.enable_reloading = true
  config.cache_store = :redis_cache_store, {
    url: ENV.fetch("REDIS_URL", "redis://localhost:6379/2"),
    ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE }
  }
end
