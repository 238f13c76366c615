package store

import (
	"fmt"
	"os"
)

// ReplicaDSN is the read replica used for reports; only its credentials vary per stage.
func ReplicaDSN() string {
	return fmt.Sprintf("postgres://%s:%s@ledger-replica.cluster-ro-c8fh2k.eu-central-1.rds.amazonaws.com:5432/ledger",
		os.Getenv("REPLICA_USER"), os.Getenv("REPLICA_PASSWORD"))
}
