import { redirect } from 'next/navigation';

/** The overview arrives with the investigation UI; until then the traces list is home. */
export default function Home() {
  redirect('/traces');
}
