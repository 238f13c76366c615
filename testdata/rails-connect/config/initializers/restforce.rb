# Direct Salesforce API calls (for objects Heroku Connect does not sync).
Restforce.configure do |config|
  config.host = ENV.fetch("SALESFORCE_HOST", "login.salesforce.com")
  config.api_version = "59.0"
end
