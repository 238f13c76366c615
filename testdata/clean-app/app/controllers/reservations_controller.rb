module V1
  class ReservationsController < ApplicationController
    def index
      render json: Mooring.find(params[:mooring_id]).reservations.active.order(:starts_at)
    end

    def show
      render json: Reservation.find(params[:id])
    end

    def create
      mooring = Mooring.find(params[:mooring_id])
      reservation = mooring.reservations.build(reservation_params.merge(status: :held))

      if mooring.available?(reservation.starts_at...reservation.ends_at) && reservation.save
        render json: reservation, status: :created
      else
        render json: { errors: reservation.errors.presence || ["mooring unavailable"] }, status: :unprocessable_entity
      end
    end

    def update
      reservation = Reservation.find(params[:id])
      reservation.update!(reservation_params)
      render json: reservation
    end

    def destroy
      Reservation.find(params[:id]).cancelled!
      head :no_content
    end

    private

    def reservation_params
      params.require(:reservation).permit(:boat_name, :contact_email, :starts_at, :ends_at, :status)
    end
  end
end
