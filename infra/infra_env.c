/*
 * HUNAR_ENV=production refuses development secrets (issue 13): the
 * defaults in infra/hunar.env are public, so a deployment that forgot one
 * would run with a key anyone can read.  Kore (kore_parent_configure),
 * hunar_spool and infra/stack ask here before they start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

#define INFRA_SECRET_MIN	16

static const char *const infra_secrets[] = {
	"HUNAR_SMS_SECRET",
	"HUNAR_SECRET",
	"HUNAR_KANNEL_ADMIN_PASSWORD",
	"HUNAR_SENDSMS_PASSWORD",
	"HUNAR_METRICS_TOKEN",
	"HUNAR_PG_PASSWORD",
	"HUNAR_REDIS_PASSWORD",
};

/* Whether one secret's value is fit for production. */
int
infra_secret_fit(const char *v)
{
	if (v == NULL || strlen(v) < INFRA_SECRET_MIN)
		return (0);
	/* Every development default starts so (infra/hunar.env). */
	return (strncmp(v, "dev-", 4) != 0);
}

/*
 * Whether HUNAR_TRUSTED_PROXY is fit for production: unset or empty (no
 * proxy) is, the development stack's 127.0.0.9 (infra/hunar.env) is not
 * -- trusted there, any local peer could name the client's address.
 */
int
infra_proxy_fit(const char *v)
{
	return (v == NULL || strcmp(v, "127.0.0.9") != 0);
}

/*
 * In production, the name of the first secret that is unset, short or a
 * development default, or HUNAR_TRUSTED_PROXY when it is the development
 * one; NULL when all are fit or this is not production.
 */
const char *
infra_dev_secret(void)
{
	const char	*env;
	size_t		 i;

	if ((env = getenv("HUNAR_ENV")) == NULL ||
	    strcmp(env, "production") != 0)
		return (NULL);
	for (i = 0; i < sizeof(infra_secrets) / sizeof(infra_secrets[0]);
	    i++) {
		if (!infra_secret_fit(getenv(infra_secrets[i])))
			return (infra_secrets[i]);
	}
	if (!infra_proxy_fit(getenv("HUNAR_TRUSTED_PROXY")))
		return ("HUNAR_TRUSTED_PROXY");
	return (NULL);
}

/*
 * libpq reads the password from PGPASSWORD: HUNAR_PG_PASSWORD (the
 * stack's name for it, infra/hunar.env) is handed over unless PGPASSWORD
 * says otherwise (the cluster's pgBouncer).  Called before connecting.
 */
void
infra_pg_password(void)
{
	const char	*pw;

	if ((pw = getenv("HUNAR_PG_PASSWORD")) != NULL && *pw != '\0')
		(void)setenv("PGPASSWORD", pw, 0);
}

/*
 * A port derived from the HTTP port: `name` when set, else
 * HUNAR_HTTP_PORT + offset as infra/hunar.env derives it -- never a fixed
 * default, which would reach another engineer's process on a shared
 * machine.
 */
static int
env_port(const char *name, int offset)
{
	const char	*v;

	if ((v = getenv(name)) != NULL && *v != '\0')
		return (atoi(v));
	if ((v = getenv("HUNAR_HTTP_PORT")) != NULL && *v != '\0')
		return (atoi(v) + offset);
	return (8888 + offset);
}

/* hunar_spool's port; Kore's /healthz and hunar_spool both ask here. */
int
infra_spool_port(void)
{
	return (env_port("HUNAR_SPOOL_PORT", 20000));
}

/* The MO front's (infra/mofront.cfg.in); Kore's /healthz asks here. */
int
infra_mo_port(void)
{
	return (env_port("HUNAR_MO_PORT", 20050));
}
