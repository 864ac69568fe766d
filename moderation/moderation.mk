# moderation/moderation.mk: the filter library and its command-line scanner.
# Included by the top Makefile; MOD_SRC lists the library's sources.
MOD_SRC	= $(wildcard moderation/*.c)

$(BUILD)/sodan-scan: $(BUILD)/moderation/tools/scan.o $(BUILD)/libmoderation.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(EXTRA_LIBS)
