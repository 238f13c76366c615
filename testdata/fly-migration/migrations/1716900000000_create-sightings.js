exports.up = (pgm) => {
  pgm.createExtension("pgcrypto", { ifNotExists: true });
  pgm.createTable("sightings", {
    id: { type: "uuid", primaryKey: true, default: pgm.func("gen_random_uuid()") },
    species: { type: "text", notNull: true },
    seen_at: { type: "timestamptz", notNull: true },
  });
  pgm.createTable("feeders", {
    id: { type: "text", primaryKey: true },
    seed_level: { type: "integer", notNull: true, default: 0 },
  });
};
