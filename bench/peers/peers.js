// bench/peers/peers.js: zorgkluis, Casbin and Cedar deciding the same
// authorisation requests in one run (issue 17, docs/performance.md).
//
// One seeded world (users in the profile's roles, clients, care relations)
// and one request mix are made here. The mix is written as JSON lines for
// `zorgkluis policy eval authz --batch`, with the facts zorgkluis needs
// and the expected decision, and the care relations as a file that the
// batch loads into the store's in-memory index (--relations), so that
// zorgkluis's timed call looks the relation up too. Then the same requests
// are timed on Casbin and on Cedar, each call including what that engine
// needs the application to do first: the care-relation look-up, the
// client's team, whether the break-the-glass reason is long enough.
//
// The rules are not written by hand for the peers: the Casbin policy and
// the Cedar policies are generated from the profile's scheme and
// break-the-glass section, the same JSON zorgkluis loads, so that the
// three decide alike. The expected decision comes from a fourth, plain
// reading of the same rules (expectDecision); a disagreement names the
// engine that differs.
//
// usage: node peers.js --profile FILE --mix OUT.jsonl [--zorgkluis BIN]
//        [--requests N] [--users N] [--clients N] [--relations N]
//        [--seed N] [--warmup N]
// Engines are loaded from $ZK_PEERS_PREFIX/node_modules (bench/peers/run.sh).
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const opt = {
  profile: null, mix: null, zorgkluis: null, requests: 200000, users: 10000,
  clients: 50000, employees: 2000, relations: 1000000, teams: 500,
  seed: 20261203, warmup: 5000,
};
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i].replace(/^--/, '');
  if (!(k in opt) || i + 1 >= process.argv.length) {
    console.error(`peers: unknown or incomplete option ${process.argv[i]}`);
    process.exit(2);
  }
  const v = process.argv[++i];
  opt[k] = typeof opt[k] === 'number' ? Number(v) : v;
}
if (!opt.profile || !opt.mix) {
  console.error('usage: node peers.js --profile FILE --mix OUT.jsonl [--zorgkluis BIN] [--requests N]');
  process.exit(2);
}
const prefix = process.env.ZK_PEERS_PREFIX;
const need = (m) => require(prefix ? path.join(prefix, 'node_modules', m) : m);
const casbin = need('casbin');
const cedar = need('@cedar-policy/cedar-wasm/nodejs');

// --- seeded randomness ---------------------------------------------------
let seed = opt.seed >>> 0;
function rnd() { // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
function pickWeighted(pairs) { // [[value, weight], ...]
  let x = rnd() * pairs.reduce((s, p) => s + p[1], 0);
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}

// --- the profile's rules -------------------------------------------------
const profile = JSON.parse(fs.readFileSync(opt.profile, 'utf8'));
const KINDS = profile.subject_kinds.value;
const CATS = Object.keys(profile.categories);
const ACTS = ['read', 'create', 'correct', 'export', 'disclose', 'destroy'];
const RELS = ['responsible', 'co_treating', 'substitute'];
const applies = (cat, kind) => profile.categories[cat].applies_to.includes(kind);
const bg = profile.break_glass;
// Staff roles only: the portal's roles (self, represents) have no place
// in a staff request mix.
const STAFF = profile.roles.filter((r) => r.base !== 'subject' && r.base !== 'representative').map((r) => r.id);
const MGMT = new Set(profile.roles.filter((r) => r.base === 'administrator' || r.base === 'board').map((r) => r.id));

// Every grant as (role, cat, act, kind, cond), where the category
// applies to the kind (CAT-1); conds: any, a relation, author, team.
const grants = [];
for (const g of profile.scheme)
  for (const role of g.roles) for (const cat of g.categories) for (const act of g.actions)
    for (const kind of g.subject_kinds) {
      if (!STAFF.includes(role) || !applies(cat, kind) || !KINDS.includes(kind)) continue;
      for (const cond of g.requires) grants.push({ role, cat, act, kind, cond });
    }
// Breaking the glass (ACC-6) opens what the scheme grants the user's role
// under a condition it does not meet: only where a grant exists, so only
// for the kinds the professional roles' grants name.
const bgKinds = [...new Set(grants.filter((g) => bg.roles.includes(g.role)).map((g) => g.kind))];
for (const role of bg.roles) for (const cat of bg.categories) for (const act of bg.actions)
  for (const kind of bgKinds)
    if (cat !== 'work_note' && grants.some((g) => g.role === role && g.cat === cat && g.act === act && g.kind === kind))
      grants.push({ role, cat, act, kind, cond: 'btg' });

// The visible length of a reason (authz.c authz_shown_len: code points
// that show; the mix's reasons are plain text, so not blank = shows).
const shownLen = (s) => [...s].filter((c) => !/\s/u.test(c)).length;
const btgOk = (reason) => reason !== null && shownLen(reason) >= bg.min_reason_length;

// The plain reading (the expected decision): a grant of one of the user's
// roles whose condition holds; work notes are their author's (CAT-4).
function expectDecision(q) {
  const author = q.entry_author !== null && q.entry_author === q.user.id;
  if (!applies(q.category, q.subject.kind)) return false;
  if (q.category === 'work_note') {
    if (q.action === 'export' || q.action === 'disclose') return false;
    if (q.action !== 'create' && !author) return false;
  }
  for (const g of grants) {
    if (!q.user.roles.includes(g.role) || g.cat !== q.category || g.act !== q.action || g.kind !== q.subject.kind) continue;
    if (g.cond === 'any' || (g.cond === q.relation) || (g.cond === 'author' && author) ||
        (g.cond === 'team' && q.same_team) || (g.cond === 'btg' && btgOk(q.break_glass_reason)))
      return true;
  }
  return false;
}

// --- the world -----------------------------------------------------------
const t_world = Date.now();
const roleMix = [ // share of the 10,000 accounts, a care organisation's staff
  [['professional'], 68], [['team_lead'], 6], [['administrator'], 3], [['dpo'], 2], [['board'], 2],
  [['office'], 7], [['hr'], 4], [['professional', 'office'], 2], [['professional', 'dpo'], 1],
  [['team_lead', 'hr'], 1], [['professional', 'administrator'], 2], [['board', 'dpo'], 2],
].map(([roles, w]) => [roles.filter((r) => STAFF.includes(r)), w]).filter(([r]) => r.length > 0);
const users = [];
for (let u = 0; u < opt.users; u++) {
  const roles = pickWeighted(roleMix);
  const care = roles.some((r) => bg.roles.includes(r) || grants.some((g) => g.role === r && RELS.includes(g.cond)));
  users.push({ id: `u${u}`, roles, team: care ? Math.floor(rnd() * opt.teams) : -1, care });
}
// Clients (c0..) each in a team; employees (e0..) of the other kinds.
const clientTeam = new Int32Array(opt.clients);
for (let c = 0; c < opt.clients; c++) clientTeam[c] = c % opt.teams;
const otherKinds = KINDS.filter((k) => k !== 'client');
const subjects = []; // {id, kind, team}
for (let c = 0; c < opt.clients; c++) subjects.push({ id: `c${c}`, kind: 'client', team: clientTeam[c] });
for (let e = 0; e < opt.employees && otherKinds.length; e++)
  subjects.push({ id: `e${e}`, kind: otherKinds[e % otherKinds.length], team: -1 });
const teamClients = Array.from({ length: opt.teams }, () => []);
for (let c = 0; c < opt.clients; c++) teamClients[clientTeam[c]].push(c);

// The care relations: user index -> Map(client index -> relation). Half
// with clients of the user's own team, half anywhere.
const careUsers = users.map((u, i) => i).filter((i) => users[i].care);
const relOf = new Array(opt.users);
let nrel = 0;
careUsers.forEach((ui, n) => {
  const want = Math.floor(opt.relations * (n + 1) / careUsers.length) - Math.floor(opt.relations * n / careUsers.length);
  const m = new Map();
  const own = teamClients[users[ui].team];
  while (m.size < want) {
    const c = rnd() < 0.5 && m.size < own.length / 2 ? pick(own) : Math.floor(rnd() * opt.clients);
    if (!m.has(c)) m.set(c, pickWeighted([['responsible', 30], ['co_treating', 50], ['substitute', 20]]));
  }
  relOf[ui] = m;
  nrel += m.size;
});
const lookupRelation = (ui, si) => (si < opt.clients && relOf[ui] ? relOf[ui].get(si) || null : null);

// --- the mix -------------------------------------------------------------
const reasons = ['Bewusteloos binnengebracht, allergie onbekend', 'Acute val in de gang, medicatie nagaan',
  'Collega ziek, nachtdienst neemt over', 'Crisis op de afdeling; eerdere episodes nodig'];
const shortReasons = ['spoed', 'nood!', '   acuut   '];
const fitting = { // what each role usually asks for
  professional: { cats: ['care', 'medical', 'identity', 'work_note', 'special', 'bsn'], acts: ['read', 'read', 'read', 'create', 'correct', 'export'] },
  team_lead: { cats: ['identity', 'care', 'medical', 'work_note'], acts: ['read', 'read', 'create', 'correct', 'export', 'destroy'] },
  office: { cats: ['identity', 'financial', 'bsn'], acts: ['read', 'read', 'create', 'correct'] },
  hr: { cats: ['hr', 'identity', 'bsn', 'application'], acts: ['read', 'read', 'create', 'correct', 'export', 'destroy'] },
  dpo: { cats: ['identity', 'care'], acts: ['read', 'read', 'export'] },
  administrator: { cats: ['identity', 'care'], acts: ['read'] },
  board: { cats: ['identity', 'financial'], acts: ['read'] },
};
const requests = []; // {ui, si, category, action, entry_author, break_glass_reason}
for (let n = 0; n < opt.requests; n++) {
  const ui = Math.floor(rnd() * opt.users);
  const u = users[ui];
  const role = pick(u.roles);
  const fitCats = ((fitting[role] || {}).cats || CATS).filter((c) => CATS.includes(c));
  const fit = { cats: fitCats.length ? fitCats : CATS, acts: (fitting[role] || { acts: ACTS }).acts };
  const fits = rnd() < 0.8;
  const category = fits ? pick(fit.cats) : pick(CATS);
  const action = fits ? pick(fit.acts) : pick(ACTS);
  let si;
  const wantsClient = KINDS.includes('client') && (!otherKinds.length || !['hr', 'application'].includes(category)) && rnd() < 0.97;
  if (!wantsClient && subjects.length > opt.clients) si = opt.clients + Math.floor(rnd() * (subjects.length - opt.clients));
  else if (u.care && relOf[ui] && relOf[ui].size && rnd() < 0.6) si = pick([...relOf[ui].keys()].slice(0, 128));
  else if (u.care && rnd() < 0.3) si = pick(teamClients[u.team]);
  else si = Math.floor(rnd() * opt.clients);
  let author = null;
  if (action !== 'create' && (category === 'work_note' || (['care', 'medical', 'special'].includes(category) && rnd() < 0.3)))
    author = rnd() < 0.6 ? u.id : `u${Math.floor(rnd() * opt.users)}`;
  let reason = null;
  if (u.care && rnd() < (lookupRelation(ui, si) ? 0.02 : 0.12))
    reason = rnd() < 0.85 ? pick(reasons) : pick(shortReasons);
  requests.push({ ui, si, category, action, entry_author: author, break_glass_reason: reason });
}
// The facts of request n, as zorgkluis's service hands them to authz_decide.
function facts(q) {
  const u = users[q.ui], s = subjects[q.si];
  return {
    user: { id: u.id, roles: u.roles }, subject: { id: s.id, kind: s.kind },
    relation: lookupRelation(q.ui, q.si), category: q.category, action: q.action,
    entry_author: q.entry_author, same_team: s.team >= 0 && s.team === u.team,
    break_glass_reason: q.break_glass_reason,
  };
}
const expect = new Uint8Array(opt.requests);
{
  const fd = fs.openSync(opt.mix, 'w');
  let chunk = [];
  requests.forEach((q, n) => {
    const f = facts(q);
    expect[n] = expectDecision(f) ? 1 : 0;
    f.expect = expect[n] ? 'permit' : 'deny';
    chunk.push(JSON.stringify(f));
    if (chunk.length === 10000) { fs.writeSync(fd, chunk.join('\n') + '\n'); chunk = []; }
  });
  if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
  fs.closeSync(fd);
}
const permits = expect.reduce((s, x) => s + x, 0);
console.log(`world: ${users.length} users, ${opt.clients} clients + ${subjects.length - opt.clients} employees, ` +
  `${nrel} care relations, ${opt.teams} teams (seed ${opt.seed}, ${((Date.now() - t_world) / 1000).toFixed(1)} s)`);
console.log(`mix: ${opt.requests} requests, ${(100 * permits / opt.requests).toFixed(1)} % permit, ` +
  `${requests.filter((q) => q.break_glass_reason).length} break the glass, ` +
  `${requests.filter((q) => q.category === 'work_note').length} on work notes -> ${opt.mix}`);

// --- timing --------------------------------------------------------------
const median = (a) => percentile(a, 0.5);
function percentile(a, q) {
  const s = Float64Array.from(a).sort();
  return s.length ? s[Math.min(s.length, Math.max(1, Math.ceil(q * s.length))) - 1] : 0;
}
// Times fn(q) on every request after a warm-up on the first ones.
function timeEngine(name, fn) {
  const out = new Uint8Array(requests.length), ns = new Float64Array(requests.length);
  for (let n = 0; n < Math.min(opt.warmup, requests.length); n++) fn(requests[n]);
  const t = Date.now();
  for (let n = 0; n < requests.length; n++) {
    const t0 = process.hrtime.bigint();
    const ok = fn(requests[n]);
    ns[n] = Number(process.hrtime.bigint() - t0);
    out[n] = ok ? 1 : 0;
  }
  const r = { name, out, median: median(ns), p99: percentile(ns, 0.99), secs: (Date.now() - t) / 1000 };
  console.log(`${name}: ${requests.length} decisions in ${r.secs.toFixed(1)} s; median ${r.median} ns, p99 ${r.p99} ns`);
  return r;
}
const results = [];

// --- zorgkluis: the batch on the mix file --------------------------------
if (opt.zorgkluis) {
  // The care relations, for zorgkluis to look up in memory inside its
  // timed decision, as the peers look them up inside theirs.
  const relFile = opt.mix.replace(/(\.jsonl)?$/, '.relations');
  {
    const fd = fs.openSync(relFile, 'w');
    relOf.forEach((m, ui) => {
      if (!m) return;
      const chunk = [];
      for (const [si, rel] of m) chunk.push(`${users[ui].id} ${subjects[si].id} ${rel}\n`);
      fs.writeSync(fd, chunk.join(''));
    });
    fs.closeSync(fd);
  }
  const run = spawnSync(opt.zorgkluis, ['policy', 'eval', 'authz', '--batch', '--profile', opt.profile,
    '--relations', relFile],
    { stdio: [fs.openSync(opt.mix, 'r'), 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const summary = run.stderr.toString().split('\n').find((l) => l.startsWith('batch: ')) || '';
  const field = (k) => Number((summary.match(new RegExp(`${k}=(\\d+)`)) || [])[1]);
  const lines = run.stdout.toString().split('\n').filter((l) => l);
  if (lines.length !== requests.length || !summary) {
    console.error(`zorgkluis: ${lines.length} answers for ${requests.length} requests (exit ${run.status})\n${run.stderr}`);
    process.exit(1);
  }
  const out = Uint8Array.from(lines, (l) => (l.startsWith('{"decision":"permit"') ? 1 : 0));
  results.push({ name: 'zorgkluis', out, median: field('decide_median_ns'), p99: field('decide_p99_ns') });
  console.log(`zorgkluis: ${summary.replace(/^batch: /, '')}`);
}

// --- Casbin: resource roles ----------------------------------------------
// g: user -> role.
// g2: category -> category group, g3: action -> action group, g4: subject
// kind -> kind group: the resource roles, formed from the scheme, members
// of a group having the same grants. g5: "user:client" -> relation ->
// relation group, the care relations held in Casbin's role manager, so
// the look-up happens inside enforceSync. g6: user -> team. One p line
// per role and group of categories, actions and kinds: its conditions
// are flags and a relation group.
const RELGROUP = (rels) => (rels.length ? rels.slice().sort().join('+') : '-');
const condsOf = new Map(); // "role,cat,act,kind" -> Set(cond)
for (const g of grants) {
  const k = `${g.role},${g.cat},${g.act},${g.kind}`;
  if (!condsOf.has(k)) condsOf.set(k, new Set());
  condsOf.get(k).add(g.cond);
}
const condSig = (conds) => {
  const c = [...conds];
  return `${RELGROUP(c.filter((x) => RELS.includes(x)))}, ${['any', 'author', 'team', 'btg'].map((f) => (conds.has(f) ? 1 : 0)).join(', ')}`;
};
// The resource roles are formed per role: the kinds of subject with the
// same grants are one group, and within it the categories whose actions
// share a condition are one group and those actions another.
const pLines = [], gLinks = { g2: new Set(), g3: new Set(), g4: new Set() };
const groupName = (role, xs, link) => {
  if (xs.length === 1) return xs[0];
  const name = `${role}:${xs.join('+')}`;
  for (const x of xs) gLinks[link].add(`${link}, ${x}, ${name}`);
  return name;
};
for (const role of STAFF) {
  const cells = [...condsOf].map(([k, c]) => [...k.split(','), condSig(c)]).filter((c) => c[0] === role);
  const kindRow = new Map();
  for (const [, cat, act, kind, sig] of cells) {
    if (!kindRow.has(kind)) kindRow.set(kind, []);
    kindRow.get(kind).push(`${cat},${act}=${sig}`);
  }
  const kindsBy = new Map();
  for (const [kind, row] of kindRow) {
    const k = row.sort().join('|');
    if (!kindsBy.has(k)) kindsBy.set(k, []);
    kindsBy.get(k).push(kind);
  }
  for (const kinds of kindsBy.values()) {
    const kindName = groupName(role, kinds, 'g4');
    const bySig = new Map(); // sig -> Map(cat -> [act])
    for (const [, cat, act, kind, sig] of cells) {
      if (kind !== kinds[0]) continue;
      if (!bySig.has(sig)) bySig.set(sig, new Map());
      const m = bySig.get(sig);
      if (!m.has(cat)) m.set(cat, []);
      m.get(cat).push(act);
    }
    for (const [sig, m] of bySig) {
      const catsBy = new Map();
      for (const [cat, acts] of m) {
        const k = acts.sort().join('+');
        if (!catsBy.has(k)) catsBy.set(k, []);
        catsBy.get(k).push(cat);
      }
      for (const [acts, cats] of catsBy)
        pLines.push(`p, ${role}, ${groupName(role, cats, 'g2')}, ${groupName(role, acts.split('+'), 'g3')}, ${kindName}, ${sig}`);
    }
  }
}
const relGroups = [...new Set([...condsOf.values()].map((c) => RELGROUP([...c].filter((x) => RELS.includes(x)))))].filter((g) => g !== '-');
const casbinModel = `
[request_definition]
r = sub, obj, act, kind, subj, team, author, btg

[policy_definition]
p = sub, obj, act, kind, rel, any, author, team, btg

[role_definition]
g = _, _
g2 = _, _
g3 = _, _
g4 = _, _
g5 = _, _
g6 = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && g2(r.obj, p.obj) && g3(r.act, p.act) && g4(r.kind, p.kind) && \
  (p.any == "1" || (p.author == "1" && r.author == r.sub) || (p.btg == "1" && r.btg) || \
   (p.team == "1" && g6(r.sub, r.team)) || (p.rel != "-" && g5(r.sub + ":" + r.subj, p.rel)))
`;
async function casbinEnforcer() {
  const t = Date.now();
  const lines = [...pLines];
  for (const u of users) for (const r of u.roles) lines.push(`g, ${u.id}, ${r}`);
  for (const set of Object.values(gLinks)) lines.push(...set);
  users.forEach((u, ui) => {
    if (u.team >= 0) lines.push(`g6, ${u.id}, t${u.team}`);
    if (relOf[ui]) for (const [c, rel] of relOf[ui]) lines.push(`g5, ${u.id}:c${c}, ${rel}`);
  });
  for (const grp of relGroups) for (const rel of grp.split('+')) lines.push(`g5, ${rel}, ${grp}`);
  if (process.env.ZK_PEERS_SHOW) console.log(casbinModel + pLines.join('\n'));
  const e = await casbin.newEnforcer(casbin.newModelFromString(casbinModel), new casbin.StringAdapter(lines.join('\n')));
  e.enableAutoBuildRoleLinks(false);
  console.log(`casbin: ${pLines.length} p lines, ${lines.length - pLines.length} g lines loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return e;
}

// --- Cedar ---------------------------------------------------------------
// The principal's parents are its roles and its team; the care relation
// is the application's look-up, handed over in the context, because
// Cedar keeps no entity store. Policies: one permit per grant of the
// scheme and role, one for breaking the glass, and CAT-4's forbids.
const cedarSchema = `
entity Role;
entity Team;
entity User in [Role, Team];
entity Subject = { kind: String, team?: Team };
entity Entry = { category: String, subject: Subject, author?: User };
action ${ACTS.join(', ')} appliesTo {
  principal: [User], resource: [Entry],
  context: { relation: String, breakGlass: Bool }
};`;
function cedarPolicies() {
  const q = (xs) => `[${[...new Set(xs)].map((x) => JSON.stringify(x)).join(', ')}]`;
  const acts = (xs) => `[${[...new Set(xs)].map((a) => `Action::"${a}"`).join(', ')}]`;
  const text = [];
  profile.scheme.forEach((g, i) => {
    const kinds = g.subject_kinds.filter((k) => KINDS.includes(k));
    const conds = g.requires.map((c) => (c === 'any' ? 'true'
      : c === 'author' ? '(resource has author && resource.author == principal)'
      : c === 'team' ? '(resource.subject has team && principal in resource.subject.team)'
      : RELS.includes(c) ? `context.relation == "${c}"` : 'false'));
    for (const role of g.roles.filter((r) => STAFF.includes(r))) {
      // CAT-1: a category only for the kinds it applies to.
      const pairs = g.categories.map((c) => `(resource.category == "${c}" && ${q(kinds.filter((k) => applies(c, k)))}.contains(resource.subject.kind))`);
      text.push(`@id("scheme${i}-${role}")\npermit (principal in Role::"${role}", action in ${acts(g.actions)}, resource is Entry)\n` +
        `when { (${pairs.join(' || ')}) && (${conds.join(' || ')}) };`);
    }
  });
  for (const role of bg.roles)
    text.push(`@id("break-glass-${role}")\npermit (principal in Role::"${role}", action in ${acts(bg.actions)}, resource is Entry)\n` +
      `when { context.breakGlass && ${q(bg.categories.filter((c) => c !== 'work_note'))}.contains(resource.category) && ${q(bgKinds)}.contains(resource.subject.kind) };`);
  text.push('@id("CAT-4-not-shared")\nforbid (principal, action in [Action::"export", Action::"disclose"], resource is Entry)\nwhen { resource.category == "work_note" };');
  text.push('@id("CAT-4-author-only")\nforbid (principal, action, resource is Entry)\nwhen { resource.category == "work_note" && action != Action::"create" && !(resource has author && resource.author == principal) };');
  return text.join('\n\n');
}

(async () => {
  // Casbin.
  const e = await casbinEnforcer();
  const casbinCall = (q) => {
    const u = users[q.ui], s = subjects[q.si];
    return e.enforceSync(u.id, q.category, q.action, s.kind, s.id, s.team >= 0 ? `t${s.team}` : '',
      q.entry_author === null ? '' : q.entry_author, btgOk(q.break_glass_reason));
  };
  results.push(timeEngine('casbin', casbinCall));

  // Cedar.
  const policies = cedarPolicies();
  const v = cedar.validate({ schema: cedarSchema, policies: { staticPolicies: policies }, validationSettings: { mode: 'strict' } });
  if (v.type !== 'success' || v.validationErrors.length) {
    console.error('cedar: the policies do not validate:', JSON.stringify(v).slice(0, 2000));
    process.exit(1);
  }
  const pp = cedar.preparsePolicySet('zk', { staticPolicies: policies });
  if (pp.type !== 'success') { console.error('cedar:', JSON.stringify(pp)); process.exit(1); }
  console.log(`cedar: ${policies.split('@id').length - 1} policies validated (strict) and parsed once`);
  const userParents = users.map((u) => [...u.roles.map((r) => ({ type: 'Role', id: r })), ...(u.team >= 0 ? [{ type: 'Team', id: `t${u.team}` }] : [])]);
  const cedarCall = (q) => {
    const u = users[q.ui], s = subjects[q.si];
    const subj = { type: 'Subject', id: s.id };
    const entry = { uid: { type: 'Entry', id: 'e' }, parents: [], attrs: { category: q.category, subject: { __entity: subj } } };
    if (q.entry_author !== null) entry.attrs.author = { __entity: { type: 'User', id: q.entry_author } };
    const a = cedar.statefulIsAuthorized({
      principal: { type: 'User', id: u.id }, action: { type: 'Action', id: q.action }, resource: { type: 'Entry', id: 'e' },
      context: { relation: lookupRelation(q.ui, q.si) || 'none', breakGlass: btgOk(q.break_glass_reason) },
      preparsedPolicySetId: 'zk',
      entities: [
        { uid: { type: 'User', id: u.id }, attrs: {}, parents: userParents[q.ui] },
        { uid: subj, attrs: s.team >= 0 ? { kind: s.kind, team: { __entity: { type: 'Team', id: `t${s.team}` } } } : { kind: s.kind }, parents: [] },
        entry,
      ],
    });
    if (a.type !== 'success' || a.response.diagnostics.errors.length)
      throw new Error(`cedar: ${JSON.stringify(a).slice(0, 1000)}`);
    return a.response.decision === 'allow';
  };
  results.push(timeEngine('cedar', cedarCall));

  // Agreement, and who differs from the expected decision.
  let agree = 0;
  for (let n = 0; n < requests.length; n++) if (results.every((r) => r.out[n] === results[0].out[n])) agree++;
  for (const r of results) {
    const diff = [];
    for (let n = 0; n < requests.length; n++) if (r.out[n] !== expect[n]) diff.push(n);
    console.log(`${r.name}_vs_expect=${requests.length - diff.length}/${requests.length}`);
    for (const n of diff.slice(0, 5)) console.log(`  line ${n + 1}: ${r.name} ${r.out[n] ? 'permit' : 'deny'}, expected ${expect[n] ? 'permit' : 'deny'}: ${JSON.stringify(facts(requests[n]))}`);
  }
  const base = results.find((r) => r.name === 'zorgkluis');
  console.log('engine      median ns/decision      p99 ns' + (base ? '   x zorgkluis' : ''));
  for (const r of results)
    console.log(`${r.name.padEnd(10)} ${String(r.median).padStart(14)} ${String(r.p99).padStart(16)}` +
      (base ? `   ${(r.median / base.median).toFixed(0).padStart(10)}` : ''));
  for (const r of results) console.log(`${r.name}_ns_per_decision=${r.median}`);
  console.log(`agree=${agree}/${requests.length}`);
  process.exit(agree === requests.length ? 0 : 1);
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
