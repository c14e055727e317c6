/*
 * logreview.h: the DPO's review of the log (LOG-7, FG-2, M§17): reports
 * over a period and the anomalies per day (logreview.c). Every call is a
 * read of the log: logged, and only for the DPO (base role dpo; LOG-6).
 * The second factor is the HTTP layer's to demand (HTTP_2FA).
 */
#ifndef ZK_SERVICE_LOGREVIEW_H
#define ZK_SERVICE_LOGREVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "service/service.h"

/* The defaults, decided in docs/decisions.md ("The log review"). */
#define SVC_LR_BULK_CLIENTS 20	 /* more distinct clients than this ... */
#define SVC_LR_BULK_MINUTES 60	 /* ... within this many minutes */
#define SVC_LR_DENIALS 5	 /* more refusals than this ... */
#define SVC_LR_DENIAL_MINUTES 10 /* ... within this many minutes */
#define SVC_LR_NIGHT_FROM 23	 /* unusual hours, Europe/Amsterdam: */
#define SVC_LR_NIGHT_TO 6	 /* from 23:00 to 06:00 */

/* A report asked for. Zero (and -1 for the hours) means the default. */
struct svc_lr_query {
	const char *kind; /* no_relation, bulk, colleague, public_figure,
			     denials or night */
	int32_t from, to; /* Dutch calendar days, both included; 0: the
			     last 30 days up to today */
	int threshold;	  /* bulk: clients; denials: refusals */
	int window;	  /* bulk, denials: minutes */
	int night_from;	  /* night: the hours, 0 to 23 */
	int night_to;
};

/*
 * LOG-7: the report q as a new JSON object {kind, from, to, thresholds,
 * rows: [{kind, why, at, until?, local_time, user, username, role, event,
 * action, outcome, reason, client?, clients?, count?, colleague?,
 * break_glass?}], truncated, rule}. ZK_EINVAL for a bad query (cause
 * says what), ZK_EDENIED for anyone but the DPO (logged), ZK_ETOOBIG for
 * a period too full to count.
 */
int svc_log_report(struct service *svc, const struct actor *a,
		   const struct svc_lr_query *q, json_t **out, char **cause);

/*
 * LOG-7: the rows of every report, with the defaults, counted per Dutch
 * day over the last days days (0: 30) up to today, as {days, dates: [..],
 * counts: {kind: [..]}, rule}.
 */
int svc_log_anomalies(struct service *svc, const struct actor *a, int days,
		      json_t **out, char **cause);

/*
 * Links the account username to client (NULL: removes its link), so that
 * reads of a colleague's record are reported. The DPO or an
 * administrator. ZK_ENOTFOUND for no such user or client, ZK_ECONFLICT
 * when either is linked already (or, clearing, nothing is).
 */
int svc_colleague_set(struct service *svc, const struct actor *a,
		      const char *username, const char *client, char **cause);

/*
 * Sets "client" on each account of users (a JSON array of objects with
 * "username", as svc_user_list makes it): the id of the client the
 * account is linked to, or null. For the administrator's list of users,
 * inside its transaction.
 */
int svc_lr_user_clients(struct service *svc, int64_t tenant, json_t *users);

/* Flags client as a public figure, or clears the flag. The DPO only. */
int svc_public_figure_set(struct service *svc, const struct actor *a,
			  const char *client, bool flagged, char **cause);
/* A staff account as a person reads it. */
struct svc_lr_account {
	char username[64]; /* "" when there is none */
	char display_name[128];
};

/*
 * FG-2: whether client is flagged as a public figure, and the staff
 * account linked to it as a colleague (colleague->username "" when none;
 * colleague may be NULL). The DPO; logged.
 */
int svc_public_figure_get(struct service *svc, const struct actor *a,
			  const char *client, bool *flagged,
			  struct svc_lr_account *colleague, char **cause);

/* The hour (and *minute, unless NULL) in Europe/Amsterdam at UTC time t. */
int svc_lr_local_hour(int64_t t, int *minute);

#endif
