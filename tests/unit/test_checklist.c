/*
 * test_checklist.c - {name} expansion in the policy's checklist commands.
 */
#include "linter/checklist.h"
#include "test.h"

void test_checklist(void)
{
	struct prgate_policy p;
	struct prgate_error err;
	struct strbuf out = STRBUF_INIT;
	static const char cfg[] =
	    "{\"checklist\": {\"vars\": {\"app\": \"shop\", \"pr\": \"0\"}}}";
	struct prgate_kv vars[] = {{(char *)"pr", (char *)"42"},
				   {(char *)"prev_sha", (char *)"abc123"}};

	CHECK_INT(prgate_policy_init_default(&p, &err), PRGATE_OK);
	CHECK_INT(
	    prgate_policy_apply(&p, "cfg", ".", cfg, sizeof(cfg) - 1, &err),
	    PRGATE_OK);
	prgate_checklist_expand(&out, "heroku rollback -a {app} # PR {pr}", &p,
				vars, 2);
	/* the caller's vars win over the policy's */
	CHECK_STR(out.buf, "heroku rollback -a shop # PR 42");
	strbuf_reset(&out);
	prgate_checklist_expand(&out, "git push -f {remote} {prev_sha}:master",
				&p, vars, 2);
	CHECK_STR(out.buf, "git push -f {remote} abc123:master");
	strbuf_reset(&out);
	prgate_checklist_expand(&out, "{unclosed and {} {app}", &p, NULL, 0);
	CHECK_STR(out.buf, "{unclosed and {} shop");
	strbuf_release(&out);
	prgate_policy_release(&p);
}
