namespace :heroku do
  desc "Put the app in maintenance, migrate, and bring it back"
  task :migrate, [:app] do |_t, args|
    app = args[:app] || "harborline-staging"
    puts "Running heroku maintenance:on for #{app}"
    sh "heroku maintenance:on --app #{app}"
    system("heroku", "run", "rake db:migrate", "--app", app) || abort("migration failed")
    sh "heroku maintenance:off --app #{app}"
  end

  desc "Print the current release"
  task :release, [:app] do |_t, args|
    release = `heroku releases --num 1 --app #{args[:app]}`
    Rails.logger.info("heroku release: #{release}")
  end
end
