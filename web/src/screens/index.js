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
import {Requests, ClientRequests} from './requests.jsx';
import {Request} from './request.jsx';
import {Disclosures} from './disclosures.jsx';
import {Protection} from './protection.jsx';

const STAFF = ['professional', 'office', 'board', 'hr', 'dpo'];

export const screens = [
	{path: '/invitation', component: Invitation},
	{path: '/clients', component: Clients, home: true, roles: STAFF},
	{path: '/clients/:id', component: Record},
	{path: '/clients/:id/log', component: ClientLog},
	{path: '/requests', component: Requests},
	{path: '/requests/:id', component: Request},
	{path: '/clients/:id/requests', component: ClientRequests},
	{path: '/clients/:id/disclosures', component: Disclosures},
	{path: '/clients/:id/protection', component: Protection},
];

export const navItems = [
	{href: '/clients', label: 'nav.clients', roles: STAFF},
	{href: '/requests', label: 'requests.nav', roles: ['dpo']},
];
