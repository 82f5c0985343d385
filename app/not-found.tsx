import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="py-24 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-500">
        <Link href="/traces" className="text-indigo-600 hover:underline dark:text-indigo-400">
          Go to recent traces
        </Link>
      </p>
    </div>
  );
}
