require "sidekiq/web"

Rails.application.routes.draw do
  get "up" => "rails/health#show", as: :rails_health_check

  resources :clients do
    resources :invoices, shallow: true do
      member do
        post :send_reminder
        get :pdf
      end
    end
  end

  authenticate :user, ->(u) { u.admin? } do
    mount Sidekiq::Web => "/sidekiq"
  end

  root "invoices#index"
end
