const res = await fetch(`${process.env.TERNWISE_API_URL}/sightings`);
const sightings = (await res.json()) as { species: string }[];
const counts = new Map<string, number>();
for (const s of sightings) counts.set(s.species, (counts.get(s.species) ?? 0) + 1);
console.log(JSON.stringify(Object.fromEntries(counts)));
