/*
 * Configuration comes from the environment, which infra/stack fills from
 * infra/hunar.env (and hunar.env.local): no secret lives in the code.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdlib.h>

#include "infra/infra_kore.h"

struct infra_config	infra_conf;

const char *
infra_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

void
infra_config_load(void)
{
	infra_pg_password();
	(void)snprintf(infra_conf.pg_dsn, sizeof(infra_conf.pg_dsn),
	    "host=127.0.0.1 port=%s user=hunar dbname=hunar "
	    "sslmode=disable gssencmode=disable connect_timeout=3",
	    infra_env("HUNAR_PG_PORT", "15432"));
	(void)snprintf(infra_conf.pg_ro_dsn, sizeof(infra_conf.pg_ro_dsn),
	    "host=127.0.0.1 port=%s user=hunar dbname=%s "
	    "sslmode=disable gssencmode=disable connect_timeout=3",
	    infra_env("HUNAR_PG_RO_PORT", infra_env("HUNAR_PG_PORT", "15432")),
	    infra_env("HUNAR_PG_RO_DB", "hunar"));
	infra_conf.redis_port = atoi(infra_env("HUNAR_REDIS_PORT", "16379"));
	infra_conf.kannel_admin_port =
	    atoi(infra_env("HUNAR_KANNEL_ADMIN_PORT", "13000"));
	kore_strlcpy(infra_conf.kannel_admin_password,
	    infra_env("HUNAR_KANNEL_ADMIN_PASSWORD", ""),
	    sizeof(infra_conf.kannel_admin_password));
	kore_strlcpy(infra_conf.sms_secret, infra_env("HUNAR_SMS_SECRET", ""),
	    sizeof(infra_conf.sms_secret));
	kore_strlcpy(infra_conf.secret, infra_env("HUNAR_SECRET", ""),
	    sizeof(infra_conf.secret));
	kore_strlcpy(infra_conf.shortcode, infra_env("HUNAR_SHORTCODE", "8282"),
	    sizeof(infra_conf.shortcode));
	infra_conf.cookie_secure = atoi(infra_env("HUNAR_COOKIE_SECURE", "0"));
	infra_conf.callback_port = atoi(infra_env("HUNAR_CALLBACK_PORT", "0"));
	infra_conf.mo_linger_ms = atoi(infra_env("HUNAR_MO_LINGER_MS", "2"));
	if (infra_conf.mo_linger_ms < 0 || infra_conf.mo_linger_ms > 50)
		infra_conf.mo_linger_ms = 2;
	kore_strlcpy(infra_conf.trusted_proxy,
	    infra_env("HUNAR_TRUSTED_PROXY", ""),
	    sizeof(infra_conf.trusted_proxy));

	if (infra_conf.sms_secret[0] == '\0' || infra_conf.secret[0] == '\0')
		kore_log(LOG_WARNING, "HUNAR_SMS_SECRET or HUNAR_SECRET unset: "
		    "Kannel callbacks and sessions are refused");
}
