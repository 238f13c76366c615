# Cron jobs for the ops box. Regenerate with:
#   bundle exec whenever --update-crontab ledgerly --set environment=production
#
# Learn more: https://github.com/javan/whenever

set :output, "log/cron.log"
set :environment, "production"

every 1.day, at: '4:30 am' do
  rake "invoices:send_reminders"
end

every 1.day, at: '11:45 pm' do
  runner "LateFeeAssessor.run_for(Date.today)"
end

every :monday, at: '6:00 am' do
  rake "reports:weekly_revenue"
end
