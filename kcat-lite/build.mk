# kcat-lite: Kafka <-> NDJSON envelopes (librdkafka, yajl for parsing).
KCAT_SRC  = $(sort $(wildcard kcat-lite/*.c))
PROGS    += kcat-lite/kcat-lite
MANS     += man/kcat-lite.1

kcat-lite/%.o kcat-lite/%.san.o: EXTRA_CFLAGS = $(RDKAFKA_CFLAGS) $(YAJL_CFLAGS)

kcat-lite/kcat-lite: $(KCAT_SRC:.c=.o) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(RDKAFKA_LIBS) $(YAJL_LIBS)
kcat-lite/kcat-lite.san: $(KCAT_SRC:.c=.san.o) $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(RDKAFKA_LIBS) $(YAJL_LIBS)
