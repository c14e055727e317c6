/*
 * index.js: the places of the application. Each screen: path (with
 * :params), component, portal (true for the client portal), and home
 * (the start place for the roles it names). navItems: the menu, each
 * shown to the base roles it names.
 */
import {Clients} from './clients.jsx';
import {Record} from './record.jsx';
import {ClientLog} from './log.jsx';
import {Invitation} from './login.jsx';
import {PortalHome, PortalData, PortalLog, PortalRequests, PortalRequest} from './portal.jsx';
import {Users, Approvals, Teams, Organisation} from './admin.jsx';
import {Review} from './review.jsx';
import {Relations} from './relations.jsx';
import {Representation} from './representation.jsx';
import {ConsentsTab} from './consents.jsx';
import {Information} from './information.jsx';
import {Requests, ClientRequests} from './requests.jsx';
import {Request} from './request.jsx';
import {Disclosures} from './disclosures.jsx';
import {Protection} from './protection.jsx';
import {Registers} from './registers.jsx';
import {Breaches} from './breaches.jsx';
import {Dashboard} from './dashboard.jsx';
import {LogReview} from './logreview.jsx';
import {Research} from './research.jsx';
import {Retention} from './retention.jsx';

const STAFF = ['professional', 'office', 'board', 'hr', 'dpo'];

export const screens = [
	{path: '/invitation', component: Invitation},
	{path: '/dashboard', component: Dashboard, home: true, roles: ['dpo']},
	{path: '/logreview', component: LogReview},
	{path: '/clients', component: Clients, home: true, roles: STAFF},
	{path: '/clients/:id', component: Record},
	{path: '/clients/:id/log', component: ClientLog},
	{path: '/', component: PortalHome, portal: true, home: true},
	{path: '/p/:id', component: PortalData, portal: true},
	{path: '/p/:id/log', component: PortalLog, portal: true},
	{path: '/p/:id/requests', component: PortalRequests, portal: true},
	{path: '/p/:id/requests/:rid', component: PortalRequest, portal: true},
	{path: '/admin', component: Users, home: true, roles: ['administrator']},
	{path: '/admin/approvals', component: Approvals},
	{path: '/admin/teams', component: Teams},
	{path: '/admin/organisation', component: Organisation},
	{path: '/review', component: Review},
	{path: '/clients/:id/relations', component: Relations},
	{path: '/clients/:id/representation', component: Representation},
	{path: '/clients/:id/consents', component: ConsentsTab},
	{path: '/clients/:id/information', component: Information},
	{path: '/requests', component: Requests},
	{path: '/requests/:id', component: Request},
	{path: '/clients/:id/requests', component: ClientRequests},
	{path: '/clients/:id/disclosures', component: Disclosures},
	{path: '/clients/:id/protection', component: Protection},
	{path: '/registers', component: Registers},
	{path: '/breaches', component: Breaches},
	{path: '/studies', component: Research},
	{path: '/clients/:id/retention', component: Retention},
];

/*
 * The menu, in the order shown. group: the heading the item sits under
 * (a key of the catalogue); the DPO's ten places would otherwise be one
 * long row, so the oversight and the registers each get a group, with
 * the dashboard first.
 */
const OVERSIGHT = 'dpoweb.group.oversight';
const REGISTERS = 'dpoweb.group.registers';

export const navItems = [
	{href: '/dashboard', label: 'dashboard.nav', roles: ['dpo']},
	{href: '/clients', label: 'nav.clients', roles: STAFF},
	{href: '/', label: 'nav.portal_home', roles: ['subject', 'representative'], exact: true},
	{href: '/admin', label: 'admin.nav', roles: ['administrator']},
	{href: '/review', label: 'review.nav', roles: ['dpo'], group: OVERSIGHT},
	{href: '/logreview', label: 'logreview.nav', roles: ['dpo'], group: OVERSIGHT},
	{href: '/admin/approvals', label: 'admin.nav.approvals', roles: ['dpo'], group: OVERSIGHT},
	{href: '/requests', label: 'requests.nav', roles: ['dpo'], group: REGISTERS},
	{href: '/registers', label: 'registers.nav', roles: ['dpo', 'board'], group: REGISTERS},
	{href: '/breaches', label: 'breaches.nav', roles: ['dpo'], group: REGISTERS},
	{href: '/studies', label: 'research.nav', roles: ['dpo', 'board'], group: REGISTERS},
	{href: '/breaches', label: 'breaches.nav_report', roles: ['professional', 'office', 'board', 'hr', 'administrator']},
];
