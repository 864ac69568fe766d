/*
 * store.h: domain rows as arena-owned structs, and the functions that read
 * and write them.  Every function returns 0 or -1 (-1: the store failed or
 * is unavailable; the caller answers 503).  PGresult never leaves store/.
 */
#ifndef SODAN_STORE_H
#define SODAN_STORE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct category {
	int64_t		 id;
	const char	*slug;
	const char	*name[2];	/* by enum lang: ja, en */
	const char	*desc[2];
	int64_t		 nthreads;
};

struct thread_row {
	int64_t		 id;
	const char	*title;
	const char	*lang;
	int64_t		 answers;
	const char	*status;
	const char	*author;
	const char	*author_role;
	int64_t		 last_activity;	/* unix seconds */
	int		 pinned;
	int		 has_official;
	int		 has_verified;
	int		 accepted;
};

struct id_text {
	int64_t		 id;
	const char	*text;
};

/* category.c */
int	store_categories(struct db *, struct arena *, struct category **,
	    size_t *);
/* *out is NULL when no category has that slug. */
int	store_category_by_slug(struct db *, struct arena *, const char *slug,
	    struct category **out);
int	store_threads_by_category(struct db *, struct arena *, int64_t cat,
	    int limit, int offset, struct thread_row **, size_t *);
int	store_recent_threads(struct db *, struct arena *, int limit,
	    struct thread_row **, size_t *);

/* session.c: the live session whose token hashes to hash (hex SHA-256), or *out NULL. */
struct session;
int	store_session_by_hash(struct db *, struct arena *, const char *hash,
	    struct session **out);

/* demo.c: used by `sodan demo` */
int	store_posts_uncooked(struct db *, struct arena *, struct id_text **,
	    size_t *);
int	store_post_set_html(struct db *, int64_t id, const char *html);
int	store_users_without_password(struct db *, struct arena *,
	    struct id_text **, size_t *);
int	store_user_set_password_hash(struct db *, int64_t id, const char *hash);

#endif
