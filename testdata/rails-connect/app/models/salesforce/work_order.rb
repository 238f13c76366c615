module Salesforce
  # A WorkOrder as Heroku Connect syncs it (read-write mapping).
  class WorkOrder < ApplicationRecord
    self.table_name = "salesforce.workorder"

    scope :pending_sync, -> { where.not(_hc_lastop: "SYNCED") }
    scope :failed_sync, -> { where(_hc_lastop: "FAILED") }

    def sync_error
      self[:_hc_err]
    end
  end
end
