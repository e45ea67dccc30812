# common/: the static library two or more tools share.
COMMON_SRC  = $(sort $(wildcard common/*.c))
COMMON_LIB  = common/libcommon.a
COMMON_SLIB = common/libcommon.san.a

$(COMMON_LIB): $(COMMON_SRC:.c=.o)
	$(AR) rcs $@ $^
$(COMMON_SLIB): $(COMMON_SRC:.c=.san.o)
	$(AR) rcs $@ $^
