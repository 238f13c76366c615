# The suite runs against a throwaway database; CI points it at the shared runner's server.
RSpec.configure do |config|
  config.before(:suite) do
    url = ENV.fetch("TEST_DATABASE_URL", "postgres://tidewater@ci-db.tidewater.example.com/tidewater_test")
    ActiveRecord::Base.establish_connection(url)
    DatabaseCleaner.clean_with(:truncation)
  end
end
