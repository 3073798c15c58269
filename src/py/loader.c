/*
 * src/py/loader.c - rg_py_* (see py.h) without linking libpython.
 *
 * Loading libpython costs about a millisecond at every start, as much as
 * `revgraph heads` spends on a 100-revision project.  So the Python side
 * is a module, revgraph_py.so, built next to the binary and opened with
 * dlopen() the first time a plan runs a .py revision.  Without it (a
 * build without python3-dev, or a missing file) .py steps are refused
 * with RG_ENOPY before anything changes.
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/script.h"
#include "src/py/py.h"
static int step_is_py(const struct rg_step *s)
{
	const struct rg_script *sc;

	if (s->dir == RG_STAMP || !s->rev || !(sc = s->rev->user))
		return 0;
	return sc->kind == RG_SCRIPT_PY;
}

int rg_py_plan_needs(const struct rg_plan *plan)
{
	for (size_t i = 0; i < plan->nsteps; i++)
		if (step_is_py(&plan->steps[i]))
			return 1;
	return 0;
}

static const struct rg_rev *first_py_rev(const struct rg_plan *plan)
{
	for (size_t i = 0; i < plan->nsteps; i++)
		if (step_is_py(&plan->steps[i]))
			return plan->steps[i].rev;
	return NULL;
}

static int no_python(const struct rg_rev *rev, const char *why,
		     struct rg_error *err)
{
	rg_error_set(err, RG_ENOPY, NULL, 0,
		     "revision %s (%s) is an Alembic .py revision, and %s, so "
		     "revgraph cannot run it (nothing was changed)",
		     rev ? rev->id : "?", rev && rev->path ? rev->path : "?",
		     why);
	snprintf(err->hint, sizeof(err->hint),
		 "install python3-dev, python3-alembic and python3-psycopg2, "
		 "then rebuild (cmake -DREVGRAPH_PYTHON=ON makes a missing "
		 "Python a build error)");
	return RG_ENOPY;
}

struct pymod {
	int (*new_)(const struct rg_py_opts *, const struct rg_plan *,
		    struct rg_py **, struct rg_error *);
	int (*run_step)(void *, struct rg_db *, PGconn *,
			const struct rg_step *, struct rg_error *);
	int (*offline_step)(void *, const struct rg_step *, struct rg_buf *,
			    struct rg_error *);
	void (*free_)(struct rg_py *);
};

static struct pymod mod;
static int mod_loaded;

/* $REVGRAPH_PYMOD, else revgraph_py.so beside the binary, else the build
 * tree's copy. */
static void *open_module(char *why, size_t n)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	const char *env = getenv("REVGRAPH_PYMOD");
	ssize_t len;
	void *h;

	if (env && *env)
		return dlopen(env, RTLD_NOW | RTLD_GLOBAL);
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		snprintf(path, sizeof(path), "%s/revgraph_py.so", dirname(exe));
		if ((h = dlopen(path, RTLD_NOW | RTLD_GLOBAL)))
			return h;
		snprintf(why, n, "%s", dlerror());
	}
#ifdef RG_PYMOD_PATH
	if ((h = dlopen(RG_PYMOD_PATH, RTLD_NOW | RTLD_GLOBAL)))
		return h;
#endif
	return NULL;
}

static int load_module(const struct rg_rev *rev, struct rg_error *err)
{
	char why[512] = "";
	void *h;

	if (mod_loaded)
		return 0;
#ifndef RG_HAVE_PYTHON
	return no_python(rev, "this revgraph was built without embedded Python",
			 err);
#endif
	if (!(h = open_module(why, sizeof(why)))) {
		char msg[700];

		snprintf(msg, sizeof(msg),
			 "its Python module revgraph_py.so cannot be loaded "
			 "(%s)",
			 why[0] ? why : "not found");
		return no_python(rev, msg, err);
	}
	*(void **)&mod.new_ = dlsym(h, "rg_pymod_new");
	*(void **)&mod.run_step = dlsym(h, "rg_pymod_run_step");
	*(void **)&mod.offline_step = dlsym(h, "rg_pymod_offline_step");
	*(void **)&mod.free_ = dlsym(h, "rg_pymod_free");
	if (!mod.new_ || !mod.run_step || !mod.offline_step || !mod.free_)
		return no_python(rev,
				 "revgraph_py.so does not match this "
				 "revgraph",
				 err);
	mod_loaded = 1;
	return 0;
}

int rg_py_new(const struct rg_py_opts *o, const struct rg_plan *plan,
	      struct rg_py **out, struct rg_error *err)
{
	int rc;

	*out = NULL;
	if ((rc = load_module(first_py_rev(plan), err)) < 0)
		return rc;
	return mod.new_(o, plan, out, err);
}

int rg_py_run_step(void *ud, struct rg_db *db, PGconn *conn,
		   const struct rg_step *step, struct rg_error *err)
{
	int rc;

	if ((rc = load_module(step->rev, err)) < 0)
		return rc;
	return mod.run_step(ud, db, conn, step, err);
}

int rg_py_offline_step(void *ud, const struct rg_step *step, struct rg_buf *out,
		       struct rg_error *err)
{
	int rc;

	if ((rc = load_module(step->rev, err)) < 0)
		return rc;
	return mod.offline_step(ud, step, out, err);
}

void rg_py_free(struct rg_py *py)
{
	if (py && mod_loaded)
		mod.free_(py);
}
