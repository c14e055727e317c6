/*
 * http_int.h: what the files of the HTTP layer share: the request and
 * response of one call, sessions, the route table and the handlers.
 */
#ifndef ZK_HTTP_INT_H
#define ZK_HTTP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include "http/server.h"
#include "service/service.h"

#define HTTP_MAX_BODY (1024 * 1024) /* bytes of a request body */
/* bytes of an oversized, unannounced body read before hanging up */
#define HTTP_MAX_DROP (16 * 1024 * 1024)
#define HTTP_MAX_SEGMENTS 8
#define HTTP_TOKEN_LEN 44 /* 32 random bytes, base64url, and a NUL */

/* --- sessions (session.c) ------------------------------------------------- */

struct http_session {
	char token[HTTP_TOKEN_LEN];
	char csrf[HTTP_TOKEN_LEN]; /* derived from the token */
	int64_t tenant;
	char username[64];
	int64_t created;
	int64_t last_seen;	  /* as this server saw it */
	int64_t stored_seen;	  /* as the store has it */
	int64_t idle;		  /* seconds it may be idle */
	int64_t expires;	  /* its absolute end */
	bool bearer;		  /* a program's token, no cookie, no CSRF */
	bool two_factor_required; /* the user's roles need two factors */
	bool two_factor_ok;	  /* and the user gave both */
	struct actor actor;	  /* the user as last loaded, see below */
	int64_t actor_at;	  /* when; 0: never */
	int64_t checked;	  /* when the store last confirmed it */
	const char *user_key;	  /* at login: the throttle keys whose */
	const char *addr_key;	  /* attempt succeeded (NULL: none) */
};

/* How long a session may act on the user it loaded without a reload. */
#define HTTP_ACTOR_TTL 2
/* How long a server trusts its copy of a session (session.c). */
#define HTTP_SESSION_TTL 2
/* How often a session's activity is written back, at most. */
#define HTTP_SESSION_TOUCH 60

struct http_sessions;

/* The sessions a server has seen; the store holds them all (session.c). */
struct http_sessions *http_sessions_new(int idle, int absolute);
void http_sessions_free(struct http_sessions *ss);
/*
 * Creates and stores a session from s (token, csrf, idle and expires are
 * filled in); with it, the login's attempt is taken back from its throttle
 * keys (svc_throttle_success). Returns 0 or an error (then there is no
 * session).
 */
int http_session_create(struct http_server *h, struct http_session *s);
/*
 * The session of token at now, into out: 0, ZK_EAUTH when unknown or
 * ended, ZK_ECONFLICT when it timed out (idle or absolute), or a storage
 * error. svc reads the store when this server's copy is too old.
 */
int http_session_get(struct http_server *h, struct service *svc,
		     const char *token, int64_t now, struct http_session *out);
bool http_session_expired(const struct http_session *s, int64_t now);
/*
 * What this server's copy must follow at once, after the store changed
 * in a committed batch: the second factor given, a session ended, all
 * sessions of a user ended.
 */
void http_session_upgrade(struct http_sessions *ss, const char *token);
void http_session_forget(struct http_sessions *ss, const char *token);
void http_sessions_forget_user(struct http_sessions *ss, int64_t tenant,
			       const char *username);
/* Remembers the actor loaded for the session at now. */
void http_session_set_actor(struct http_sessions *ss, const char *token,
			    const struct actor *a, int64_t now);

/*
 * Runs fn with the log writer's service in its next batch and waits until
 * that batch committed: 0, or the error of fn or of the commit.
 */
int http_write(struct http_server *h, int (*fn)(struct service *, void *),
	       void *arg);

/* --- one call ------------------------------------------------------------- */

struct http_req {
	struct http_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	char *seg[HTTP_MAX_SEGMENTS]; /* path segments after /api/v1/ */
	int nseg;
	json_t *body; /* the parsed JSON object, or NULL */
	char ip[64];
	struct service *svc;	     /* borrowed from the pool */
	struct http_session session; /* when authenticated */
	struct actor actor;	     /* when authenticated */
	bool upgrade; /* two factors given: upgrade once committed */
	bool forget;  /* logged out: forget the session once committed */
	const char *forget_user; /* disabled: forget its sessions likewise */
};

struct web_asset;

struct http_resp {
	unsigned status;
	json_t *body;
	struct zk_buf text; /* instead of body: JSON text ready to send */
	char cookie[256];   /* a Set-Cookie value, or "" */
	int retry_after;    /* seconds, for 429 */
	char allow[32];	    /* the methods a path takes, for 405 */
	bool close;	    /* the connection closes after the answer */
	/* A document instead of JSON: its type, text its bytes. */
	const char *content_type;
	char disposition[96]; /* Content-Disposition, or "" */
	/* Under /fhir: the answer is FHIR, an error an OperationOutcome. */
	bool fhir;
	/* A file of the web application instead (h_web.c); not freed. */
	const struct web_asset *asset;
};

/*
 * The web application: fills rs with the file url names, for GET and
 * HEAD outside /api/ and /fhir; 1 when it did, 0 when url is not one.
 */
int h_web_serve(const char *url, const char *method, struct http_resp *rs);
/* The Content-Security-Policy of the web application's files. */
const char *h_web_csp(void);

/* Fills rs with the error shape {"error":{"code","message","rule"}}. */
int http_error(struct http_resp *rs, unsigned status, const char *code,
	       const char *message, const char *rule);
/* Maps a service error (and its cause) to an HTTP error; frees cause. */
int http_fail(struct http_resp *rs, int rc, char *cause, const char *rule);
/* A success with body (reference stolen). */
int http_ok(struct http_resp *rs, unsigned status, json_t *body);
/*
 * A success whose body is {"<key>":<json>}, json being JSON text that is
 * sent as it is (its buffer is taken over and left empty).
 */
int http_ok_text(struct http_resp *rs, unsigned status, const char *key,
		 struct zk_buf *json);
/* Frees what rs holds. */
void http_resp_release(struct http_resp *rs);

/* --- request parsing helpers ------------------------------------------------
 */

enum http_ftype {
	HTTP_STRING,
	HTTP_OBJECT,
	HTTP_ARRAY,
	HTTP_BOOL,
	HTTP_INT,
	HTTP_DATE,	    /* a string, YYYY-MM-DD */
	HTTP_STRING_OR_NULL /* a string or null */
};

struct http_field {
	const char *name;
	enum http_ftype type;
	int required;
	size_t max; /* for strings: bytes; 0: 4096 */
};

/*
 * Checks the request body against spec: an object with only these
 * fields, of these types. Fills rs with a 400 and returns -1 otherwise.
 */
int http_check_body(struct http_req *rq, struct http_resp *rs,
		    const struct http_field *spec);

/* Checks the path segment i is a UUID (*id); a 400 otherwise. */
int http_path_id(struct http_req *rq, struct http_resp *rs, int i,
		 const char **id);
/*
 * The checks a handler on /…/{id}/… starts with: no query parameters, a
 * valid id in the path, and, when spec is not NULL, a body of that shape.
 * Returns 0, or -1 with the error in rs.
 */
int http_begin(struct http_req *rq, struct http_resp *rs,
	       const struct http_field *spec, const char **id);

/*
 * A whole handler on /…/{id}… without a body, after http_begin():
 * http_show_id() answers 200 with what fn gives for the id;
 * http_act_id() does fn to it and answers {"id": id, done: true}. A
 * failure is answered by http_fail() under rule.
 */
typedef int (*http_show_fn)(struct service *, const struct actor *,
			    const char *, json_t **, char **);
typedef int (*http_act_fn)(struct service *, const struct actor *, const char *,
			   char **);
int http_show_id(struct http_req *rq, struct http_resp *rs, http_show_fn fn,
		 const char *rule);
int http_act_id(struct http_req *rq, struct http_resp *rs, http_act_fn fn,
		const char *rule, const char *done);

/* A body string field, or NULL. */
const char *http_str(struct http_req *rq, const char *name);

/*
 * Checks the query string: only the listed names, each at most once.
 * Returns -1 with rs filled otherwise.
 */
int http_check_query(struct http_req *rq, struct http_resp *rs,
		     const char *const *allowed);
const char *http_query(struct http_req *rq, const char *name);

/* --- routes ------------------------------------------------------------------
 */

#define HTTP_AUTH 0x01u	  /* needs a session */
#define HTTP_FULL 0x02u	  /* needs both factors where the roles need them */
#define HTTP_BODY 0x04u	  /* takes a JSON body */
#define HTTP_WRITE 0x08u  /* changes state: CSRF for cookie sessions */
#define HTTP_CSRF 0x10u	  /* CSRF too, but not run in the writer's batch */
#define HTTP_PWOK 0x20u	  /* open while a password change is due */
#define HTTP_BEARER 0x40u /* bearer tokens only: no cookie session (FHIR) */
#define HTTP_2FA 0x80u	  /* reads the log: both factors always (LOG-6) */

typedef int (*http_handler)(struct http_req *rq, struct http_resp *rs);

struct http_route {
	const char *method;
	const char *pattern; /* segments after /api/v1/, ":" for an id */
	unsigned flags;
	http_handler fn;
};

extern const struct http_route http_routes[];
extern const size_t http_nroutes;

/* Handlers, by file. */
int h_health(struct http_req *rq, struct http_resp *rs);
int h_login(struct http_req *rq, struct http_resp *rs);
int h_logout(struct http_req *rq, struct http_resp *rs);
int h_session(struct http_req *rq, struct http_resp *rs);
int h_totp_enrol(struct http_req *rq, struct http_resp *rs);
int h_password(struct http_req *rq, struct http_resp *rs);
int h_totp_verify(struct http_req *rq, struct http_resp *rs);

/* h_research.c: studies and their exports (RES-1, RES-2). */
int h_studies_create(struct http_req *rq, struct http_resp *rs);
int h_studies_list(struct http_req *rq, struct http_resp *rs);
int h_studies_get(struct http_req *rq, struct http_resp *rs);
int h_studies_confirm(struct http_req *rq, struct http_resp *rs);
int h_studies_export(struct http_req *rq, struct http_resp *rs);
int h_study_notes_list(struct http_req *rq, struct http_resp *rs);
int h_clients_list(struct http_req *rq, struct http_resp *rs);
int h_clients_create(struct http_req *rq, struct http_resp *rs);
int h_clients_get(struct http_req *rq, struct http_resp *rs);
int h_clients_update(struct http_req *rq, struct http_resp *rs);
int h_relations_list(struct http_req *rq, struct http_resp *rs);
int h_relations_create(struct http_req *rq, struct http_resp *rs);
int h_break_glass(struct http_req *rq, struct http_resp *rs);
int h_client_log(struct http_req *rq, struct http_resp *rs);
int h_representatives_create(struct http_req *rq, struct http_resp *rs);
int h_capacity_create(struct http_req *rq, struct http_resp *rs);
int h_consents_create(struct http_req *rq, struct http_resp *rs);
int h_consents_list(struct http_req *rq, struct http_resp *rs);
int h_consents_withdraw(struct http_req *rq, struct http_resp *rs);
int h_objections_create(struct http_req *rq, struct http_resp *rs);
int h_representatives_list(struct http_req *rq, struct http_resp *rs);
int h_capacity_list(struct http_req *rq, struct http_resp *rs);
/* h_kin.c: REP-1 to REP-6 over time, INZ-5 */
int h_representative_change(struct http_req *rq, struct http_resp *rs);
int h_representative_end(struct http_req *rq, struct http_resp *rs);
int h_capacity_lapse(struct http_req *rq, struct http_resp *rs);
int h_direct_address(struct http_req *rq, struct http_resp *rs);
int h_kin_request_create(struct http_req *rq, struct http_resp *rs);
int h_kin_decide(struct http_req *rq, struct http_resp *rs);
int h_objections_list(struct http_req *rq, struct http_resp *rs);
int h_information_list(struct http_req *rq, struct http_resp *rs);

int h_entries_list(struct http_req *rq, struct http_resp *rs);
int h_entries_create(struct http_req *rq, struct http_resp *rs);
int h_entries_get(struct http_req *rq, struct http_resp *rs);
int h_entries_correct(struct http_req *rq, struct http_resp *rs);

int h_users_list(struct http_req *rq, struct http_resp *rs);
int h_users_create(struct http_req *rq, struct http_resp *rs);
int h_users_disable(struct http_req *rq, struct http_resp *rs);
int h_users_totp_reset(struct http_req *rq, struct http_resp *rs);
int h_users_enable(struct http_req *rq, struct http_resp *rs);
int h_users_roles(struct http_req *rq, struct http_resp *rs);
int h_users_reset(struct http_req *rq, struct http_resp *rs);
int h_approvals_list(struct http_req *rq, struct http_resp *rs);
int h_approvals_approve(struct http_req *rq, struct http_resp *rs);
int h_approvals_reject(struct http_req *rq, struct http_resp *rs);
int h_invitation_accept(struct http_req *rq, struct http_resp *rs);
int h_roles(struct http_req *rq, struct http_resp *rs);
int h_audit_verify(struct http_req *rq, struct http_resp *rs);
int h_notices_list(struct http_req *rq, struct http_resp *rs);
int h_notices_create(struct http_req *rq, struct http_resp *rs);
int h_information_create(struct http_req *rq, struct http_resp *rs);
int h_information_exempt(struct http_req *rq, struct http_resp *rs);
int h_report_uninformed(struct http_req *rq, struct http_resp *rs);

/* h_requests.c: data subjects' requests (RQ, INZ, POR). */
int h_requests_create(struct http_req *rq, struct http_resp *rs);
int h_requests_list(struct http_req *rq, struct http_resp *rs);
int h_requests_get(struct http_req *rq, struct http_resp *rs);
int h_requests_act(struct http_req *rq, struct http_resp *rs);
int h_requests_change(struct http_req *rq, struct http_resp *rs);
int h_requests_export(struct http_req *rq, struct http_resp *rs);
int h_requests_letter(struct http_req *rq, struct http_resp *rs);

/* h_portal.c: the client portal (INZ-6, REP-6). */
int h_portal_invite(struct http_req *rq, struct http_resp *rs);
int h_portal_clients(struct http_req *rq, struct http_resp *rs);
int h_portal_request(struct http_req *rq, struct http_resp *rs);

/* h_holds.c: legal holds (RET-3), the end of a relationship (RET-2). */
int h_holds_create(struct http_req *rq, struct http_resp *rs);
int h_holds_list(struct http_req *rq, struct http_resp *rs);
int h_holds_lift(struct http_req *rq, struct http_resp *rs);
int h_retention_due(struct http_req *rq, struct http_resp *rs);
int h_relationship_end(struct http_req *rq, struct http_resp *rs);
/* h_retention_run.c: the DPO starts the sweep (RET-4). */
int h_retention_run(struct http_req *rq, struct http_resp *rs);
/* h_shield.c: shielding (SHD-1) and restriction (RST-1). */
int h_shields_create(struct http_req *rq, struct http_resp *rs);
int h_shields_list(struct http_req *rq, struct http_resp *rs);
int h_shields_lift(struct http_req *rq, struct http_resp *rs);
int h_restriction_create(struct http_req *rq, struct http_resp *rs);
int h_restriction_get(struct http_req *rq, struct http_resp *rs);
int h_restriction_notice(struct http_req *rq, struct http_resp *rs);
int h_restriction_lift(struct http_req *rq, struct http_resp *rs);
/* h_disclosures.c: the disclosure register (DIS) and notices (COR-3). */
int h_recipients_create(struct http_req *rq, struct http_resp *rs);
int h_recipients_list(struct http_req *rq, struct http_resp *rs);
int h_disclosures_create(struct http_req *rq, struct http_resp *rs);
int h_disclosures_list(struct http_req *rq, struct http_resp *rs);
int h_rnotices_list(struct http_req *rq, struct http_resp *rs);
int h_rnotices_record(struct http_req *rq, struct http_resp *rs);

/* h_fhir.c: the FHIR R4 facade under /fhir (POR-2, docs/fhir.md). */
extern const struct http_route h_fhir_routes[]; /* segments after /fhir/ */
extern const size_t h_fhir_nroutes;
/* Whether url is under /fhir ("/fhir" itself too). */
bool h_fhir_url(const char *url);
/*
 * Makes rs a FHIR answer before it is sent: a body as
 * application/fhir+json, an error of any layer as an OperationOutcome
 * with the same status.
 */
void h_fhir_finish(struct http_resp *rs);
/* Whether a FHIR body's Content-Type is acceptable (RFC 6838 JSON). */
bool h_fhir_type(const char *ct);
/* POST requests/{id}/transfer: POR-2, to another controller. */
int h_requests_transfer(struct http_req *rq, struct http_resp *rs);

/* h_review.c: emergency access review, ending relations, teams. */
/* h_breaches.c: the breach register (BRE-1 to BRE-3). */
int h_breaches_create(struct http_req *rq, struct http_resp *rs);
int h_breaches_list(struct http_req *rq, struct http_resp *rs);
int h_breaches_get(struct http_req *rq, struct http_resp *rs);
int h_breaches_update(struct http_req *rq, struct http_resp *rs);
int h_breaches_assess(struct http_req *rq, struct http_resp *rs);
int h_breaches_ap_notice(struct http_req *rq, struct http_resp *rs);
int h_breaches_notified(struct http_req *rq, struct http_resp *rs);
int h_breaches_text(struct http_req *rq, struct http_resp *rs);
int h_breaches_close(struct http_req *rq, struct http_resp *rs);
int h_break_glass_list(struct http_req *rq, struct http_resp *rs);
/* h_logreview.c: the log review (LOG-7, FG-2). */
int h_report_log(struct http_req *rq, struct http_resp *rs);
int h_report_anomalies(struct http_req *rq, struct http_resp *rs);
int h_public_figure(struct http_req *rq, struct http_resp *rs);
int h_user_client(struct http_req *rq, struct http_resp *rs);
int h_break_glass_get(struct http_req *rq, struct http_resp *rs);
int h_break_glass_review(struct http_req *rq, struct http_resp *rs);
int h_relations_end(struct http_req *rq, struct http_resp *rs);
int h_teams_list(struct http_req *rq, struct http_resp *rs);
int h_teams_create(struct http_req *rq, struct http_resp *rs);
int h_locations_create(struct http_req *rq, struct http_resp *rs);

/* h_registers.c: the DPO's registers (FG-1, PRC-1, CMP-1, SEC-2). */
int h_processing_list(struct http_req *rq, struct http_resp *rs);
int h_processing_create(struct http_req *rq, struct http_resp *rs);
int h_processing_seed(struct http_req *rq, struct http_resp *rs);
int h_processing_update(struct http_req *rq, struct http_resp *rs);
int h_processors_list(struct http_req *rq, struct http_resp *rs);
int h_processors_create(struct http_req *rq, struct http_resp *rs);
int h_processors_update(struct http_req *rq, struct http_resp *rs);
int h_report_processors(struct http_req *rq, struct http_resp *rs);
int h_complaints_list(struct http_req *rq, struct http_resp *rs);
int h_complaints_create(struct http_req *rq, struct http_resp *rs);
int h_complaints_get(struct http_req *rq, struct http_resp *rs);
int h_complaints_update(struct http_req *rq, struct http_resp *rs);
int h_complaints_close(struct http_req *rq, struct http_resp *rs);
int h_transfers_list(struct http_req *rq, struct http_resp *rs);
int h_transfers_create(struct http_req *rq, struct http_resp *rs);

/* The server's sessions and settings, for the handlers. */
struct http_sessions *http_server_sessions(struct http_server *h);
bool http_server_tls(const struct http_server *h);

#endif
