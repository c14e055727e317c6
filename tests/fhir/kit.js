#!/usr/bin/env node
// kit.js FHIR_BASE TOKEN PATIENT_ID
//
// Reads zorgkluis's FHIR facade (docs/fhir.md, "The read facade") with
// fhir-kit-client, a FHIR client nobody here wrote: the CapabilityStatement,
// the Patient, Patient/$everything, and a Patient that is not there (an
// OperationOutcome). Prints one JSON line of what it got, for the
// integration test (tests/integration/test_fhir_api.c) to check.
//
// Exit status: 0 all read as expected, 1 something was not, 2 usage error
// or fhir-kit-client missing.
'use strict';

const [base, token, id] = process.argv.slice(2);
if (!base || !token || !id) {
	console.error('usage: node tests/fhir/kit.js FHIR_BASE TOKEN PATIENT_ID');
	process.exit(2);
}

async function main() {
	// fhir-kit-client 2 is an ES module: imported, not required.
	let Client;
	try {
		const mod = await import('fhir-kit-client');
		Client = mod.Client || mod.default;
	} catch (e) {
		console.error(`kit: fhir-kit-client is not installed in tests/fhir/node_modules (${e.message}); run scripts/install-deps.sh`);
		process.exit(2);
	}
	const out = {};
	const client = new Client({ baseUrl: base, bearerToken: token });

	const cap = await client.capabilityStatement();
	out.capability = { resourceType: cap.resourceType, fhirVersion: cap.fhirVersion };

	const p = await client.read({ resourceType: 'Patient', id });
	out.patient = { resourceType: p.resourceType, id: p.id, family: p.name && p.name[0] && p.name[0].family };

	const all = await client.operation({ name: '$everything', resourceType: 'Patient', id, method: 'GET' });
	const types = {};
	for (const e of all.entry || [])
		types[e.resource.resourceType] = (types[e.resource.resourceType] || 0) + 1;
	out.everything = { resourceType: all.resourceType, type: all.type, total: all.total, types };

	// A Patient not there: fhir-kit-client rejects with the response,
	// whose body is an OperationOutcome.
	try {
		await client.read({ resourceType: 'Patient', id: '00000000-0000-4000-8000-000000000000' });
		out.missing = { status: 200 };
	} catch (e) {
		out.missing = { status: e.response && e.response.status, resourceType: e.response && e.response.data && e.response.data.resourceType };
	}
	console.log(JSON.stringify(out));
	const ok = out.capability.resourceType === 'CapabilityStatement' &&
		out.patient.resourceType === 'Patient' && out.patient.id === id &&
		out.everything.resourceType === 'Bundle' && (out.everything.types.Patient || 0) === 1 &&
		out.missing.status === 404 && out.missing.resourceType === 'OperationOutcome';
	process.exit(ok ? 0 : 1);
}

main().catch((e) => {
	const r = e && e.response;
	console.error(`kit: ${e && e.message}${r ? ` (HTTP ${r.status}: ${JSON.stringify(r.data)})` : ''}`);
	process.exit(1);
});
