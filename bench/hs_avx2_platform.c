/*
 * bench/hs_avx2_platform.c: preloaded by bench/mod_callgrind.sh for the
 * one native run that compiles the rules: Hyperscan is told the CPU is
 * the one valgrind shows (AVX2, no AVX-512), so the database it saves in
 * the cache is the one the runs under callgrind can load, instead of one
 * they refuse and compile again under valgrind (minutes).
 */
#include <hs/hs.h>

hs_error_t	 hs_populate_platform(hs_platform_info_t *);

hs_error_t
hs_populate_platform(hs_platform_info_t *p)
{
	p->tune = HS_TUNE_FAMILY_HSW;
	p->cpu_features = HS_CPU_FEATURES_AVX2;
	p->reserved1 = 0;
	p->reserved2 = 0;
	return HS_SUCCESS;
}
