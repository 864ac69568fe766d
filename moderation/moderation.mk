# moderation/moderation.mk: the filter library and its command-line scanner.
# Included by the top Makefile; MOD_SRC lists the library's sources.
MOD_SRC	= $(wildcard moderation/*.c)

$(BUILD)/sodan-scan: $(BUILD)/moderation/tools/scan.o $(BUILD)/libmoderation.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(EXTRA_LIBS)

# The filter runs on every post: -O3 after CFLAGS (vectorized loops over
# the text and the features) checked 13 % faster per post than -O2 by
# bench/mod_bench.sh, runs interleaved; no -ffast-math, so the verdicts
# are the same bytes.
$(BUILD)/moderation/%.o: CFLAGS += -O3
