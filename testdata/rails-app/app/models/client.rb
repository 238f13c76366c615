class Client < ApplicationRecord
  has_many :invoices, dependent: :restrict_with_error

  validates :name, presence: true
  validates :billing_email, presence: true, uniqueness: true

  normalizes :billing_email, with: ->(email) { email.strip }
end
