class InvoiceReminderJob < ApplicationJob
  queue_as :mailers

  def perform(invoice_id)
    invoice = Invoice.find(invoice_id)
    return unless invoice.sent?

    InvoiceMailer.with(invoice: invoice).reminder.deliver_now
    invoice.update_column(:last_reminded_at, Time.now)
  end
end
