# canal2ops: Canal flat messages -> ops (canal-ops(5)).
CANAL2OPS_SRC = canal2ops/main.c canal2ops/canal.c canal2ops/checkpoint.c \
	canal2ops/envelope.c canal2ops/filter.c canal2ops/json.c \
	canal2ops/key.c canal2ops/record.c canal2ops/columns.c canal2ops/row.c \
	canal2ops/value.c
CANAL2OPS_LIB = $(filter-out canal2ops/main.c,$(CANAL2OPS_SRC))

PROGS += canal2ops/canal2ops
MANS  += man/canal2ops.1 man/canal-ops.5

canal2ops/canal2ops: $(CANAL2OPS_SRC:.c=.o) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^
canal2ops/canal2ops.san: $(CANAL2OPS_SRC:.c=.san.o) $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^

UNIT_TESTS += test/unit/test_canal
test/unit/test_canal: test/unit/test_canal.c $(CANAL2OPS_LIB:.c=.san.o) $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Icanal2ops -std=c11 $(WARN) $(SAN_FLAGS) -o $@ $^ $(YAJL_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += test/fuzz/fuzz_canal
test/fuzz/fuzz_canal: test/fuzz/fuzz_canal.c $(CANAL2OPS_LIB) common/ops.c common/buf.c
	$(FUZZ_CC) $(CPPFLAGS) -Icanal2ops $(YAJL_CFLAGS) $(FUZZ_FLAGS) -o $@ $^ $(YAJL_LIBS)

# Canal's value quirks undone from mysqlType (value.c).
UNIT_TESTS += test/unit/test_value
test/unit/test_value: test/unit/test_value.c canal2ops/value.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Icanal2ops -std=c11 $(WARN) $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS)
