import { it } from 'vitest';
import { loadScript } from '../apps-script/harness.js';
it('dbg', async () => {
  const h = await loadScript('2021-06-10T09:00:00');
  h.script.setUp();
  const fire = (at: string, form: string, answers: Record<string, string | string[] | null>) => { h.setNow(at); const e = h.submit(form, answers); h.asTrigger(() => h.script.onFormSubmit(e)); };
  fire('2021-06-10T09:00:01', 'Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' });
  console.log([...h.google.properties.document.data.entries()].filter(([k]) => /pending|links|handled|viewsOut/.test(k)));
  fire('2021-06-10T09:00:02', 'Reception and intake', { 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '2021-05-01' });
  fire('2021-06-10T09:00:03', 'Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
  console.log([...h.google.properties.document.data.entries()].filter(([k]) => /pending|links|handled|viewsOut/.test(k)));
  console.log(h.google.env.meter.executions.slice(-3));
  console.log(JSON.stringify(h.google.spreadsheet.sheet('Contacts')!.dump()));
});
