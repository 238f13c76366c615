class Reservation < ApplicationRecord
  belongs_to :mooring

  enum :status, { held: 0, confirmed: 1, cancelled: 2 }

  scope :active, -> { where(status: %i[held confirmed]) }
  scope :expired_holds, -> { held.where(created_at: ...15.minutes.ago) }

  validates :boat_name, :contact_email, :starts_at, :ends_at, presence: true
  validate :ends_after_start

  private

  def ends_after_start
    errors.add(:ends_at, "must be after starts_at") if ends_at && starts_at && ends_at <= starts_at
  end
end
