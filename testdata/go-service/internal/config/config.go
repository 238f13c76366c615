package config

import "github.com/caarlos0/env/v11"

// Config is read from the environment at boot.
type Config struct {
	Port        string `env:"PORT" envDefault:"8080"`
	DatabaseURL string `env:"DATABASE_URL,required"`
	// Dyno identifies this process to the job scheduler (Heroku's web.1, worker.2).
	Dyno     string `env:"DYNO" envDefault:"local.1"`
	LogLevel string `env:"LOG_LEVEL" envDefault:"info"`
}

func Load() (Config, error) {
	var c Config
	err := env.Parse(&c)
	return c, err
}
