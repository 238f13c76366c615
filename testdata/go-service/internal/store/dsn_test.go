package store

import "testing"

const ciDSN = "postgres://ci:ci@ci-db.harborlight.example.com:5432/ledger_test"

func TestReplicaDSN(t *testing.T) {
	if ReplicaDSN() == ciDSN {
		t.Fatal("the replica DSN must not be the CI one")
	}
}
