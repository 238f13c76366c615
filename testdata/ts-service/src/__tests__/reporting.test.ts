import { Pool } from "pg";

describe("reporting pool", () => {
  it("connects to the CI replica", async () => {
    const pool = new Pool({ connectionString: "postgres://ci@ci-replica.dockhand.example.com:5432/dockhand_test" });
    await expect(pool.query("select 1")).resolves.toBeDefined();
  });
});
