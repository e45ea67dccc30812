# common/: the static library two or more tools share.
COMMON_SRC  = $(sort $(wildcard common/*.c))
COMMON_LIB  = common/libcommon.a
COMMON_SLIB = common/libcommon.san.a

$(COMMON_LIB): $(COMMON_SRC:.c=.o)
	$(AR) rcs $@ $^
$(COMMON_SLIB): $(COMMON_SRC:.c=.san.o)
	$(AR) rcs $@ $^

# The ops protocol against hiredis' sdssplitargs (the reference).
UNIT_TESTS   += test/unit/test_ops
FUZZ_TARGETS += test/fuzz/fuzz_ops
test/unit/test_ops: test/unit/test_ops.san.o $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(HIREDIS_LIBS) $(CMOCKA_LIBS)
test/fuzz/fuzz_ops: test/fuzz/fuzz_ops.c common/ops.c common/buf.c
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $^ $(HIREDIS_LIBS)

UNIT_TESTS   += test/unit/test_line
test/unit/test_line: test/unit/test_line.san.o $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS)

UNIT_TESTS   += test/unit/test_num
test/unit/test_num: test/unit/test_num.san.o $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS)
