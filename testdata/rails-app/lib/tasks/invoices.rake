namespace :invoices do
  desc "Queue reminder emails for overdue invoices"
  task send_reminders: :environment do
    scope = Invoice.due_for_reminder
    Rails.logger.info("[invoices:send_reminders] #{scope.count} invoices on #{Ledgerly::Instance.name}")
    scope.find_each { |invoice| InvoiceReminderJob.perform_later(invoice.id) }
  end

  desc "Mark invoices paid from a Stripe payout CSV"
  task :reconcile, [:path] => :environment do |_t, args|
    PayoutReconciler.new(File.read(args.fetch(:path))).call
  end
end
