Rails.application.routes.draw do
  get "up" => "rails/health#show", as: :rails_health_check

  namespace :v1 do
    resources :moorings, only: %i[index show] do
      resources :reservations, only: %i[index create]
    end
    resources :reservations, only: %i[show update destroy]
  end
end
