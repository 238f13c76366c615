RSpec.configure do |config|
  config.before(:suite) do
    $test_redis = Redis.new(url: ENV.fetch("REDIS_URL", "redis://localhost:6379/15"),
                            ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE })
    $test_redis.flushdb
  end
end
