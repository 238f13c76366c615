import db from '../lib/db';

export async function getServerSideProps() {
  const products = await db('products').select('sku', 'name', 'price_cents', 'stock').limit(24);
  return { props: { products } };
}

export default function Home({ products }) {
  return (
    <ul>
      {products.map((p) => (
        <li key={p.sku}>
          {p.name} ({p.stock} left)
        </li>
      ))}
    </ul>
  );
}
