class Issue < ApplicationRecord
  has_many :deliveries

  scope :due, -> { where(sent_at: nil).where(send_at: ..Time.current) }

  def deliver!
    Subscriber.confirmed.find_each { |s| NewsletterMailer.issue(self, s).deliver_later }
    update!(sent_at: Time.current)
  end
end
