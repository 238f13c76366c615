# These tasks are called by the Heroku scheduler add-on:
#   rake newsletter:send_due     every 10 minutes
#   rake subscribers:prune       daily
namespace :newsletter do
  desc "Send issues whose send_at has passed"
  task send_due: :environment do
    Issue.due.find_each(&:deliver!)
  end
end

namespace :subscribers do
  desc "Drop subscribers who never confirmed"
  task prune: :environment do
    Subscriber.unconfirmed.where(created_at: ...30.days.ago).delete_all
  end
end
