// Pulls stock levels from the warehouse API into the catalogue.
// Run by `npm run sync:inventory`.
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

async function main() {
  const res = await fetch(`${process.env.WAREHOUSE_API}/stock`, {
    headers: { authorization: `Bearer ${process.env.SHOP_API_TOKEN}` },
  });
  const items = await res.json();
  for (const { sku, quantity } of items) {
    await knex('products').where({ sku }).update({ stock: quantity });
  }
  await knex.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
