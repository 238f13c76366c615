require "rails_helper"

RSpec.describe "heroku:migrate" do
  it "wraps the migration in maintenance mode" do
    expect_any_instance_of(Object).to receive(:sh).with("heroku maintenance:on --app harborline-staging")
    Rake::Task["heroku:migrate"].invoke
  end
end
