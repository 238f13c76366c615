class Mooring < ApplicationRecord
  has_many :reservations, dependent: :restrict_with_error

  validates :code, presence: true, uniqueness: true
  validates :max_length_ft, numericality: { greater_than: 0 }

  def available?(range)
    reservations.active.where("tstzrange(starts_at, ends_at) && tstzrange(?, ?)", range.begin, range.end).none?
  end
end
