class Shipment < ApplicationRecord
  belongs_to :vessel
  validates :tracking_number, presence: true, uniqueness: true

  def notify_ops!
    # Used to shell out to `heroku run` from here; now a job does it.
    ShipmentNotifierJob.perform_later(id)
  end
end
