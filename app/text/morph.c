/*
 * text/morph.c: MeCab for search (see morph.h).
 *
 * The model and the tagger live for the whole process (one owner: this
 * file).  A call makes a lattice, parses, copies what search needs of each
 * node into the arena (the part of speech reduced to enum morph_pos, the
 * dictionary form from the feature's seventh field) and destroys the
 * lattice, so nothing of MeCab outlives the call.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <mecab.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "text/morph.h"

static mecab_model_t	*morph_model;
static mecab_t		*morph_tagger;
static int		 morph_tried;
static pthread_once_t	 morph_once = PTHREAD_ONCE_INIT;

static int	 morph_load(const char *, char *, size_t);
static void	 morph_default(void);
static enum morph_pos morph_classify(const char *, const char **, size_t *);
static const char *field(const char *, int, size_t *);

static int
morph_load(const char *dicdir, char *err, size_t errlen)
{
	char	 arg[1024];

	if (dicdir != NULL && dicdir[0] != '\0') {
		if (strchr(dicdir, ' ') != NULL || strlen(dicdir) > 900) {
			snprintf(err, errlen, "MeCab dictionary directory %s: "
			    "no spaces, at most 900 bytes", dicdir);
			return -1;
		}
		snprintf(arg, sizeof(arg), "-r /dev/null -d %s", dicdir);
	} else
		arg[0] = '\0';
	if ((morph_model = mecab_model_new2(arg)) == NULL) {
		snprintf(err, errlen, "MeCab: cannot load the dictionary%s%s "
		    "(Debian: mecab-ipadic-utf8): %s", dicdir != NULL &&
		    dicdir[0] != '\0' ? " in " : "", dicdir != NULL ? dicdir :
		    "", mecab_strerror(NULL));
		return -1;
	}
	if ((morph_tagger = mecab_model_new_tagger(morph_model)) == NULL) {
		snprintf(err, errlen, "MeCab: cannot make a tagger: %s",
		    mecab_strerror(NULL));
		mecab_model_destroy(morph_model);
		morph_model = NULL;
		return -1;
	}
	return 0;
}

int
morph_setup(const char *dicdir, char *err, size_t errlen)
{
	morph_tried = 1;
	if (morph_model != NULL)
		return 0;
	return morph_load(dicdir, err, errlen);
}

/* First use without morph_setup (tests, tools): the system dictionary. */
static void
morph_default(void)
{
	char	 err[256];

	if (morph_tried)
		return;
	morph_tried = 1;
	if (morph_load(NULL, err, sizeof(err)) == -1)
		log_warn("%s: Japanese search without morphology", err);
}

void
morph_cleanup(void)
{
	if (morph_tagger != NULL)
		mecab_destroy(morph_tagger);
	if (morph_model != NULL)
		mecab_model_destroy(morph_model);
	morph_tagger = NULL;
	morph_model = NULL;
}

int
morph_ready(void)
{
	(void)pthread_once(&morph_once, morph_default);
	return morph_tagger != NULL;
}

/* The n-th (0-based) comma-separated field of a feature, and its length. */
static const char *
field(const char *f, int n, size_t *len)
{
	const char	*e;

	while (n-- > 0) {
		if ((f = strchr(f, ',')) == NULL)
			return NULL;
		f++;
	}
	e = strchr(f, ',');
	*len = e != NULL ? (size_t)(e - f) : strlen(f);
	return f;
}

#define IS(p, n, lit)	((n) == sizeof(lit) - 1 && memcmp((p), (lit), (n)) == 0)

/*
 * The part of speech of a feature ("名詞,サ変接続,*,*,*,*,出金,...") and its
 * dictionary form (NULL when the dictionary has none: unknown words).
 */
static enum morph_pos
morph_classify(const char *f, const char **base, size_t *blen)
{
	const char	*p1, *p2;
	size_t		 n1, n2;

	*base = NULL;
	if ((p1 = field(f, 0, &n1)) == NULL || (p2 = field(f, 1, &n2)) == NULL)
		return MORPH_OTHER;
	if ((*base = field(f, 6, blen)) != NULL && IS(*base, *blen, "*"))
		*base = NULL;
	if (IS(p1, n1, "名詞")) {
		if (IS(p2, n2, "数"))
			return MORPH_NUM;
		if (IS(p2, n2, "接尾"))
			return MORPH_SUFFIX;
		if (IS(p2, n2, "代名詞") || IS(p2, n2, "非自立") ||
		    IS(p2, n2, "副詞可能") || IS(p2, n2, "特殊") ||
		    IS(p2, n2, "接続詞的") || IS(p2, n2, "引用文字列"))
			return MORPH_WEAK;
		return MORPH_NOUN;
	}
	if (IS(p1, n1, "接頭詞"))
		return MORPH_PREFIX;
	if (IS(p1, n1, "動詞"))
		return IS(p2, n2, "自立") ? MORPH_VERB : MORPH_OTHER;
	if (IS(p1, n1, "形容詞"))
		return IS(p2, n2, "自立") ? MORPH_ADJ : MORPH_OTHER;
	if (IS(p1, n1, "副詞") || IS(p1, n1, "連体詞"))
		return MORPH_WEAK;
	return MORPH_OTHER;
}

size_t
morph_tokens(struct arena *a, const char *s, size_t len,
    struct morph_tok **out)
{
	mecab_lattice_t		*lat;
	const mecab_node_t	*nd;
	struct morph_tok	*t;
	const char		*b;
	size_t			 n = 0, cap = 0, blen;

	*out = NULL;
	if (len == 0 || !morph_ready())
		return 0;
	if ((lat = mecab_model_new_lattice(morph_model)) == NULL)
		return 0;
	mecab_lattice_set_sentence2(lat, s, len);
	if (mecab_parse_lattice(morph_tagger, lat) == 0) {
		mecab_lattice_destroy(lat);
		return 0;
	}
	for (nd = mecab_lattice_get_bos_node(lat); nd != NULL; nd = nd->next)
		if (nd->stat == MECAB_NOR_NODE || nd->stat == MECAB_UNK_NODE)
			cap++;
	t = arena_calloc(a, cap + 1, sizeof(*t));
	for (nd = mecab_lattice_get_bos_node(lat); nd != NULL && n < cap;
	    nd = nd->next) {
		if (nd->stat != MECAB_NOR_NODE && nd->stat != MECAB_UNK_NODE)
			continue;
		if (nd->surface < s || nd->surface + nd->length > s + len)
			continue;
		t[n].surface = nd->surface;
		t[n].len = nd->length;
		t[n].pos = morph_classify(nd->feature, &b, &blen);
		t[n].base = b != NULL ? arena_strndup(a, b, blen) : NULL;
		n++;
	}
	mecab_lattice_destroy(lat);
	*out = t;
	return n;
}
