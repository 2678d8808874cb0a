// Browser test of the admin console in a real browser: Debian's chromium, driven by playwright-core.
// Usage: node console.spec.mjs <baseUrl> <nachrichtenUUID of a delivered message> <quarantined id to replay>
//        <quarantined id to discard> <screenshot dir> <dead letter id whose cause is gone>
// Prints each step; exits 0 when every check passed, 1 otherwise. Run by ConsoleBrowserIT.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, uuid, replayId, discardId, shots, deadId] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'xoevhub-chromium-'));
mkdirSync(shots, { recursive: true });

function check(condition, what) {
  if (!condition) {
    throw new Error('check failed: ' + what);
  }
  console.log('  ok ' + what);
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 900 },
});
let failed = false;
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.accept(); });

  console.log('step: log in');
  await page.goto(base + '/admin');
  check(page.url().endsWith('/admin/login'), 'an anonymous visitor is sent to the login page');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'demo-admin-password');
  await Promise.all([page.waitForURL(/\/admin(\?continue)?$/), page.click('button[type=submit]')]);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'XOEVHUB_SESSION');
  check(session && session.httpOnly && session.secure && session.sameSite === 'Lax',
    'the session cookie is HttpOnly, Secure and SameSite=Lax');

  console.log('step: dashboard');
  check((await page.textContent('h1')).includes('Dashboard'), 'the dashboard opens');
  const counts = await page.textContent('section.counts');
  check(counts.includes('demo') && counts.includes('XoevHubDemo'), 'it counts the demo tenant\'s messages');
  check((await page.textContent('main')).includes('hub.inbox'), 'it shows the queue depths');
  await page.screenshot({ path: join(shots, '1-dashboard.png'), fullPage: true });

  console.log('step: find the message and open its Laufzettel');
  await page.click('nav >> text=Messages');
  await page.fill('input[name=nachrichtenUUID]', uuid);
  await Promise.all([page.waitForURL(/nachrichtenUUID=/), page.click('form.search button[type=submit]')]);
  const rows = page.locator('#results tbody tr');
  check(await rows.count() === 1, 'the search finds exactly the message');
  await page.screenshot({ path: join(shots, '2-messages.png'), fullPage: true });
  await Promise.all([page.waitForURL(/\/admin\/messages\/[0-9a-f-]{36}$/), rows.first().locator('a').click()]);
  check((await page.textContent('#chain')).includes('intact'), 'the Laufzettel\'s hash chain is intact');
  const trail = await page.textContent('#laufzettel');
  check(trail.includes('RECEIVED') && trail.includes('DELIVERED'), 'the Laufzettel shows intake and delivery');
  check((await page.textContent('main')).includes('not shown'), 'the payload is not shown by default');
  await page.screenshot({ path: join(shots, '3-laufzettel.png'), fullPage: true });

  console.log('step: an ADMIN opens a parked payload, audited');
  await page.goto(base + '/admin/messages/' + replayId);
  await Promise.all([page.waitForURL(/\/payload$/), page.click('#payload-link a')]);
  check((await page.textContent('#payload-place')).includes('hub.quarantine'), 'the payload is read from the quarantine');
  check((await page.textContent('#payload')).includes('antrag'), 'the payload shows the parked message\'s XML');
  await page.screenshot({ path: join(shots, '7-payload.png'), fullPage: true });

  console.log('step: routing table and dry-run');
  await page.click('nav >> text=Routing');
  check((await page.textContent('#rules')).includes('demo-all'), 'the routing table lists the rules');
  check((await page.textContent('#destinations')).includes('CN=xoev-hub demo Fachverfahren'),
    'the destinations show the certificates they are encrypted for');
  await page.screenshot({ path: join(shots, '8-routing.png'), fullPage: true });
  await page.click('text=Try a document against it');
  await page.selectOption('select[name=tenant]', 'demo');
  await page.fill('textarea[name=document]', readFileSync('schemas/demo/samples/antrag.xml', 'utf8'));
  await Promise.all([page.waitForLoadState('load'), page.click('form.dry-run button[type=submit]')]);
  check((await page.textContent('#dry-run-routing')).includes('demo-all'), 'the dry-run names the matching rule');
  check((await page.textContent('#dry-run-valid')).includes('valid'), 'the dry-run validates the document');
  await page.screenshot({ path: join(shots, '9-dry-run.png'), fullPage: true });

  console.log('step: stop, start, suspend and resume a route');
  await page.click('nav >> text=Routes');
  const route = page.locator('#route-acknowledgements');
  check((await route.textContent()).includes('Started'), 'the route acknowledgements is started');
  for (const [action, state] of [['stop', 'Stopped'], ['start', 'Started'], ['suspend', 'Suspended'],
    ['resume', 'Started']]) {
    await route.locator('select[name=action]').selectOption(action);
    await route.locator('input[name=reason]').fill(action + ' by the browser test');
    await Promise.all([page.waitForLoadState('load'), route.locator('button[type=submit]').click()]);
    await page.waitForSelector('p.notice');
    check((await page.textContent('p.notice')).includes('now ' + state), 'after ' + action + ' the route is ' + state);
    check((await page.locator('#route-acknowledgements').textContent()).includes(state), 'the table shows ' + state);
    if (action === 'stop') {
      await page.screenshot({ path: join(shots, '4-routes.png'), fullPage: true });
    }
  }

  console.log('step: replay and discard in the quarantine');
  await page.click('nav >> text=Quarantine');
  check((await page.textContent('main')).includes(replayId), 'the quarantine lists the message to replay');
  await page.screenshot({ path: join(shots, '5-quarantine.png'), fullPage: true });
  await page.check(`input[name=ids][value="${replayId}"]`);
  await page.fill('input[name=reason]', 'routing fixed, browser test');
  await Promise.all([page.waitForLoadState('load'), page.click('button[value=replay]')]);
  await page.waitForSelector('p.notice');
  check((await page.textContent('p.notice')).includes(replayId + ': REPLAYED'), 'the replay is confirmed');
  check(dialogs.length === 5, 'the route actions and the replay asked for confirmation');

  await page.check(`input[name=ids][value="${discardId}"]`);
  await page.click('button[value=discard]');
  check(page.url().endsWith('/admin/parked/quarantine'), 'without a reason the form is not sent');
  await page.fill('input[name=reason]', 'test message, browser test');
  await Promise.all([page.waitForLoadState('load'), page.click('button[value=discard]')]);
  await page.waitForSelector('p.notice');
  check((await page.textContent('p.notice')).includes(discardId + ': DISCARDED'), 'the discard is confirmed');

  console.log('step: replay a dead letter once its cause is gone; it gets delivered');
  await page.click('nav >> text=Dead letters');
  check((await page.textContent('main')).includes(deadId), 'the dead letters list the failed message');
  await page.screenshot({ path: join(shots, '10-dead-letters.png'), fullPage: true });
  await page.check(`input[name=ids][value="${deadId}"]`);
  await page.fill('input[name=reason]', 'migration over, browser test');
  await Promise.all([page.waitForLoadState('load'), page.click('button[value=replay]')]);
  await page.waitForSelector('p.notice');
  check((await page.textContent('p.notice')).includes(deadId + ': REPLAYED'), 'the dead letter is replayed');
  let state = '';
  for (let i = 0; i < 60 && state !== 'DELIVERED'; i++) {
    await page.goto(base + '/admin/messages/' + deadId);
    state = (await page.textContent('#state')).trim();
    if (state !== 'DELIVERED') {
      await page.waitForTimeout(500);
    }
  }
  check(state === 'DELIVERED', 'the replayed message is delivered (state ' + state + ')');
  const deadTrail = await page.textContent('#laufzettel');
  check(deadTrail.includes('REPLAYED') && deadTrail.includes('destination=demo address=fv.demo'),
    'its Laufzettel shows the replay and the delivery');
  await page.screenshot({ path: join(shots, '11-replayed-delivered.png'), fullPage: true });

  console.log('step: audit log');
  await page.click('nav >> text=Audit log');
  await page.fill('input[name=target]', discardId);
  await Promise.all([page.waitForURL(/target=/), page.click('form.search button[type=submit]')]);
  const audit = await page.textContent('#audit');
  check(audit.includes('DISCARD') && audit.includes('admin') && audit.includes('test message, browser test'),
    'the audit log names the discard, the logged-in admin and the reason');
  await page.fill('input[name=target]', replayId);
  await Promise.all([page.waitForURL(new RegExp('target=' + replayId)), page.click('form.search button[type=submit]')]);
  check((await page.textContent('#audit')).includes('REPLAY'), 'the audit log names the replay');
  check((await page.textContent('#audit')).includes('PAYLOAD_VIEWED'), 'the audit log names the payload view');
  await page.fill('input[name=target]', 'acknowledgements');
  await Promise.all([page.waitForURL(/target=acknowledgements/), page.click('form.search button[type=submit]')]);
  check((await page.textContent('#audit')).includes('ROUTE_SUSPEND'), 'the audit log names the route action');
  await page.screenshot({ path: join(shots, '6-audit.png'), fullPage: true });

  console.log('step: log out');
  await Promise.all([page.waitForURL(/\/admin\/login\?logout/), page.click('header button')]);
  await page.goto(base + '/admin/audit');
  check(page.url().endsWith('/admin/login'), 'after logging out the console asks for a login again');

  console.log('step: an auditor reads but cannot act');
  await page.fill('input[name=username]', 'auditor');
  await page.fill('input[name=password]', 'auditor-password');
  // back to the page asked for before the login
  await Promise.all([page.waitForURL(/\/admin\/audit(\?continue)?$/), page.click('button[type=submit]')]);
  check((await page.textContent('#who')).includes('AUDITOR'), 'the auditor is logged in');
  await page.click('nav >> text=Routes');
  check(await page.locator('select[name=action]').count() === 0, 'the routes page offers the auditor no action');
  await page.goto(base + '/admin/parked/quarantine');
  check(await page.locator('button[value=replay]').count() === 0, 'the quarantine offers the auditor no replay');
  await page.click('nav >> text=Audit log');
  check(await page.locator('#audit tbody tr').count() > 0, 'the auditor reads the audit log');

  console.log('step: an OPERATOR cannot see a payload');
  await Promise.all([page.waitForURL(/\/admin\/login\?logout/), page.click('header button')]);
  await page.goto(base + '/admin');
  await page.fill('input[name=username]', 'operator');
  await page.fill('input[name=password]', 'operator-password');
  await Promise.all([page.waitForURL(/\/admin(\?continue)?$/), page.click('button[type=submit]')]);
  check((await page.textContent('#who')).includes('OPERATOR'), 'the operator is logged in');
  await page.goto(base + '/admin/messages/' + replayId);
  check(await page.locator('#payload-link a').count() === 0, 'the message page offers the operator no payload');
  check((await page.textContent('#payload-link')).includes('Only an ADMIN'), 'it says who may open it');
  const refused = await page.goto(base + '/admin/messages/' + replayId + '/payload');
  check(refused.status() === 403, 'the payload page refuses the operator (403)');
  check(!(await page.content()).includes('<antrag>'), 'and shows nothing of the payload');
  await page.screenshot({ path: join(shots, '12-operator-payload-refused.png'), fullPage: true });
  console.log('browser test passed');
} catch (e) {
  failed = true;
  console.log('browser test FAILED: ' + e.message);
  try {
    await context.pages()[0]?.screenshot({ path: join(shots, 'failure.png'), fullPage: true });
  } catch (ignored) {
    // the screenshot is a help, not a check
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
