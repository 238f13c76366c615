# Run nightly by sidekiq-cron's scheduler (config/schedule.yml), which replaced the
# dashboard-only jobs we had before the move.
namespace :reservations do
  desc "Delete reservations cancelled more than 180 days ago"
  task purge_cancelled: :environment do
    count = Reservation.cancelled.where(updated_at: ...180.days.ago).delete_all
    puts "purged #{count} cancelled reservations"
  end
end
