class Invoice < ApplicationRecord
  belongs_to :client
  has_many :line_items, dependent: :destroy

  enum :status, { draft: 0, sent: 1, paid: 2, void: 3 }

  monetize :total_cents

  scope :overdue, -> { sent.where("due_on < ?", Date.today) }
  scope :due_for_reminder, -> { overdue.where("last_reminded_at IS NULL OR last_reminded_at < ?", 7.days.ago) }

  before_create :assign_number

  def days_overdue
    return 0 unless due_on
    (Date.today - due_on).to_i.clamp(0, Float::INFINITY)
  end

  private

  def assign_number
    self.number ||= format("INV-%<year>d-%<seq>05d", year: Date.today.year, seq: client.invoices.count + 1)
  end
end
