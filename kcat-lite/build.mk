# kcat-lite: Kafka <-> NDJSON envelopes (librdkafka, yajl for parsing).
KCAT_SRC  = $(sort $(wildcard kcat-lite/*.c))
PROGS    += kcat-lite/kcat-lite
MANS     += man/kcat-lite.1

kcat-lite/%.o kcat-lite/%.san.o: EXTRA_CFLAGS = $(RDKAFKA_CFLAGS) $(YAJL_CFLAGS)

kcat-lite/kcat-lite: $(KCAT_SRC:.c=.o) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(RDKAFKA_LIBS) $(YAJL_LIBS)
kcat-lite/kcat-lite.san: $(KCAT_SRC:.c=.san.o) $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(RDKAFKA_LIBS) $(YAJL_LIBS)

# Envelope coding and checkpoint files; the envelope parser under libFuzzer.
UNIT_TESTS   += test/unit/test_kcat
FUZZ_TARGETS += test/fuzz/fuzz_kcat_envelope
test/unit/test_kcat.san.o: EXTRA_CFLAGS = $(RDKAFKA_CFLAGS) $(YAJL_CFLAGS) -Ikcat-lite
test/unit/test_kcat: test/unit/test_kcat.san.o kcat-lite/envelope.san.o \
    kcat-lite/checkpoint.san.o $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(RDKAFKA_LIBS) $(YAJL_LIBS) $(CMOCKA_LIBS)
test/fuzz/fuzz_kcat_envelope: test/fuzz/fuzz_kcat_envelope.c kcat-lite/envelope.c common/buf.c
	$(FUZZ_CC) $(CPPFLAGS) -Ikcat-lite $(RDKAFKA_CFLAGS) $(YAJL_CFLAGS) $(FUZZ_FLAGS) \
	    -o $@ $^ $(RDKAFKA_LIBS) $(YAJL_LIBS)

# kcat-lite against librdkafka's mock cluster (error injection).
UNIT_TESTS += test/unit/test_kcat_mock
test/unit/test_kcat_mock.san.o: EXTRA_CFLAGS = $(RDKAFKA_CFLAGS)
test/unit/test_kcat_mock: test/unit/test_kcat_mock.san.o | kcat-lite/kcat-lite.san
	$(CC) $(SAN_FLAGS) -o $@ $< $(RDKAFKA_LIBS) $(CMOCKA_LIBS)
