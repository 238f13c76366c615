class InvoicesController < ApplicationController
  before_action :set_invoice, only: %i[show edit update destroy send_reminder pdf]

  def index
    @invoices = Invoice.includes(:client).order(created_at: :desc).page(params[:page])
  end

  def show; end

  def create
    @invoice = Client.find(params[:client_id]).invoices.build(invoice_params)
    if @invoice.save
      redirect_to @invoice, notice: "Invoice created."
    else
      render :new, status: :unprocessable_entity
    end
  end

  def update
    if @invoice.update(invoice_params)
      redirect_to @invoice, notice: "Invoice updated."
    else
      render :edit, status: :unprocessable_entity
    end
  end

  def send_reminder
    InvoiceReminderJob.perform_later(@invoice.id)
    redirect_to @invoice, notice: "Reminder queued."
  end

  def pdf
    send_data InvoicePdf.new(@invoice).render, filename: "#{@invoice.number}.pdf", type: "application/pdf"
  end

  private

  def set_invoice
    @invoice = Invoice.find(params[:id])
  end

  def invoice_params
    params.require(:invoice).permit(:due_on, :notes, line_items_attributes: %i[id description quantity unit_price_cents _destroy])
  end
end
