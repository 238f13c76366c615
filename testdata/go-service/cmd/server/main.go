package main

import (
	"log"
	"os"

	"github.com/harborlight/ledger-api/internal/config"
)

func main() {
	cfg, err := config.Load()
	if err != nil {
		log.Fatal(err)
	}
	// On Heroku os.Getenv("DYNO") told web from worker; the Procfile now passes the role.
	log.Printf("listening on :%s (%s)", cfg.Port, os.Args[1])
}
