class ApplicationController < ActionController::Base
  before_action :authenticate_user!

  private

  def append_info_to_payload(payload)
    super
    payload[:account_id] = current_user&.account_id
  end
end
