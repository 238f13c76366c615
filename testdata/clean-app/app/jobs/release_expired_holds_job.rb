class ReleaseExpiredHoldsJob
  include Sidekiq::Job
  sidekiq_options queue: :critical

  def perform
    released = Reservation.expired_holds.update_all(status: Reservation.statuses[:cancelled], updated_at: Time.current)
    Rails.logger.info("[holds] released=#{released} instance=#{Tidewater::Instance.name}")
  end
end
